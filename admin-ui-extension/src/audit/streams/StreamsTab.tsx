import {
  Alert,
  AlertVariant,
  Button,
  ClipboardCopy,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Divider,
  Dropdown,
  DropdownItem,
  DropdownList,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Label,
  MenuToggle,
  Modal,
  ModalVariant,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { EllipsisVIcon } from "@patternfly/react-icons";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Stream, StreamTestResult } from "../../api/streamTypes";
import type { Me } from "../../api/types";
import { ReplayModal } from "./ReplayModal";
import { StreamAttempts } from "./StreamAttempts";
import { StreamFormModal } from "./StreamFormModal";
import { Draft, destination, requestOfStream } from "./streamForm";

export const STATE_COLOR: Record<string, "green" | "orange" | "red" | "grey"> = {
  ACTIVE: "green",
  RETRYING: "orange",
  FAILING: "red",
  PAUSED: "grey",
};

type Props = {
  api: AuditApi;
  me: Me;
  notify: (variant: AlertVariant, title: string, detail?: string) => void;
};

/**
 * Log streams (docs/streams.md): where this realm's entries are pushed, how far each destination is, and its last
 * delivery attempts. Realm auditors see every stream; organization admins those of their organizations (the server
 * decides). Secrets are never shown, except a webhook's generated secret once, right after it was created.
 */
export function StreamsTab({ api, me, notify }: Props) {
  const { t, i18n } = useTranslation();
  const [streams, setStreams] = useState<Stream[]>();
  const [error, setError] = useState<string>();
  const [expanded, setExpanded] = useState<string[]>([]);
  const [form, setForm] = useState<{ editing?: Stream; start?: Partial<Draft> }>();
  const [secret, setSecret] = useState<Stream>();
  const [deleting, setDeleting] = useState<Stream>();
  const [replaying, setReplaying] = useState<Stream>();
  const [tested, setTested] = useState<{ stream: Stream; result?: StreamTestResult; error?: string }>();
  const [busy, setBusy] = useState<string>();
  const [menu, setMenu] = useState<string>();

  const load = useCallback(
    () =>
      api
        .streams()
        .then((s) => {
          setStreams(s);
          setError(undefined);
        })
        .catch((e) => setError((e as Error).message)),
    [api],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(load, 5000); // states, lag and counts move on their own
    return () => clearInterval(timer);
  }, [load]);

  const act = async (id: string, action: () => Promise<unknown>, done?: string) => {
    setBusy(id);
    try {
      await action();
      if (done) notify(AlertVariant.success, done);
      await load();
    } catch (e) {
      notify(AlertVariant.danger, t("auditStreamActionFailed"), (e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const setPaused = (s: Stream, paused: boolean) => {
    // PUT takes the whole definition; a URL sent back as shown (query values ***) keeps its stored values.
    void act(s.id, () => api.updateStream(s.id, requestOfStream(s, { paused })), t(paused ? "auditStreamPausedDone" : "auditStreamResumedDone", { name: s.name }));
  };
  const test = async (s: Stream) => {
    setBusy(s.id);
    try {
      setTested({ stream: s, result: await api.testStream(s.id) });
    } catch (e) {
      setTested({ stream: s, error: (e as Error).message });
    } finally {
      setBusy(undefined);
      void load();
    }
  };

  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  const shortTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" });
  const n = (v: number) => v.toLocaleString(i18n.language);

  let body;
  if (error) body = <Alert variant="danger" isInline title={t("auditLoadFailed")}>{error}</Alert>;
  else if (!streams) body = <Spinner aria-label={t("auditLoading")} />;
  else if (streams.length === 0)
    body = (
      <EmptyState data-testid="audit-streams-empty">
        <EmptyStateHeader titleText={t("auditNoStreams")} headingLevel="h3" />
        <EmptyStateBody>{me.realmWide ? t("auditNoStreamsHint") : t("auditNoStreamsHintOrganizations")}</EmptyStateBody>
      </EmptyState>
    );
  else
    body = (
      <div className="audit-log__streams">
      <Table aria-label={t("auditStreams")} variant="compact" data-testid="audit-streams">
        <Thead>
          <Tr>
            <Th screenReaderText={t("auditOpenDetails")} />
            <Th modifier="wrap">{t("auditStreamName")}</Th>
            <Th modifier="wrap">{t("auditStreamType")}</Th>
            <Th modifier="wrap">{t("auditStreamDestination")}</Th>
            <Th modifier="wrap">{t("auditStreamState")}</Th>
            <Th modifier="wrap">{t("auditStreamLag")}</Th>
            <Th modifier="wrap">{t("auditStreamDelivered")}</Th>
            <Th modifier="wrap">{t("auditStreamLastSuccess")}</Th>
            <Th modifier="wrap">{t("auditStreamLastError")}</Th>
            <Th screenReaderText={t("auditActions")} />
          </Tr>
        </Thead>
        {streams.map((s, rowIndex) => {
          const open = expanded.includes(s.id);
          const st = s.status;
          return (
            <Tbody key={s.id} isExpanded={open}>
              <Tr data-testid="audit-stream-row" data-stream-id={s.id} data-state={st.state} data-name={s.name}>
                <Td
                  expand={{
                    rowIndex,
                    isExpanded: open,
                    onToggle: () => setExpanded(open ? expanded.filter((x) => x !== s.id) : [...expanded, s.id]),
                    expandId: `audit-stream-expand-${s.id}`,
                  }}
                  data-testid="audit-stream-expand"
                />
                <Td dataLabel={t("auditStreamName")}>{s.name}</Td>
                <Td dataLabel={t("auditStreamType")}>{t(`auditStreamType_${s.type}`)}</Td>
                <Td dataLabel={t("auditStreamDestination")} modifier="breakWord" data-testid="audit-stream-destination">
                  {destination(s)}
                </Td>
                <Td dataLabel={t("auditStreamState")}>
                  <Label color={STATE_COLOR[st.state] ?? "grey"} isCompact data-testid="audit-stream-state">
                    {t(`auditStreamState_${st.state}`)}
                  </Label>
                </Td>
                <Td dataLabel={t("auditStreamLag")} data-testid="audit-stream-lag">
                  {t("auditStreamLagValue", {
                    entries: st.lagEntries >= 1000 ? `${n(1000)}+` : n(st.lagEntries),
                    seconds: n(st.lagSeconds),
                  })}
                </Td>
                <Td dataLabel={t("auditStreamDelivered")} data-testid="audit-stream-counts">
                  {t("auditStreamCounts", { delivered: n(st.delivered), failed: n(st.failed) })}
                </Td>
                <Td dataLabel={t("auditStreamLastSuccess")}>{st.lastSuccess ? shortTime.format(new Date(st.lastSuccess)) : "—"}</Td>
                <Td dataLabel={t("auditStreamLastError")} modifier="breakWord" data-testid="audit-stream-last-error">
                  {st.lastError ? (
                    <>
                      {st.lastStatus != null && (
                        <Label color="red" isCompact className="pf-v5-u-mr-xs">
                          {st.lastStatus}
                        </Label>
                      )}
                      <span className="pf-v5-u-font-size-sm">{st.lastError}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td isActionCell>
                  <div className="audit-log__stream-actions">
                    <Button variant="secondary" size="sm" isDisabled={busy === s.id} onClick={() => test(s)} data-testid="audit-stream-test">
                      {t("auditStreamTest")}
                    </Button>
                    <Dropdown
                      isOpen={menu === s.id}
                      onOpenChange={(o) => setMenu(o ? s.id : undefined)}
                      onSelect={() => setMenu(undefined)}
                      popperProps={{ position: "right", appendTo: () => document.body }}
                      toggle={(ref) => (
                        <MenuToggle
                          ref={ref}
                          variant="plain"
                          aria-label={t("auditActions")}
                          isExpanded={menu === s.id}
                          isDisabled={busy === s.id}
                          onClick={() => setMenu(menu === s.id ? undefined : s.id)}
                          data-testid="audit-stream-actions"
                        >
                          <EllipsisVIcon />
                        </MenuToggle>
                      )}
                    >
                      <DropdownList>
                        {s.paused ? (
                          <DropdownItem onClick={() => setPaused(s, false)} data-testid="audit-stream-resume">
                            {t("auditStreamResume")}
                          </DropdownItem>
                        ) : (
                          <DropdownItem onClick={() => setPaused(s, true)} data-testid="audit-stream-pause">
                            {t("auditStreamPause")}
                          </DropdownItem>
                        )}
                        <DropdownItem onClick={() => setForm({ editing: s })} data-testid="audit-stream-edit">
                          {t("auditStreamEdit")}
                        </DropdownItem>
                        <DropdownItem onClick={() => setReplaying(s)} data-testid="audit-stream-replay">
                          {t("auditStreamReplay")}
                        </DropdownItem>
                        <Divider component="li" />
                        <DropdownItem isDanger onClick={() => setDeleting(s)} data-testid="audit-stream-delete">
                          {t("auditDelete")}
                        </DropdownItem>
                      </DropdownList>
                    </Dropdown>
                  </div>
                </Td>
              </Tr>
              <Tr isExpanded={open}>
                <Td colSpan={10}>
                  {open && (
                    <ExpandableRowContent>
                      <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: "12rem" }} columnModifier={{ default: "2Col" }} className="pf-v5-u-mb-md">
                        <DescriptionListGroup>
                          <DescriptionListTerm>{t("auditFormat")}</DescriptionListTerm>
                          <DescriptionListDescription>
                            {t(`auditStreamFormat_${s.format}`)}
                            {s.encoding ? ` · ${s.encoding}` : ""}
                          </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                          <DescriptionListTerm>{t("auditStreamFilter")}</DescriptionListTerm>
                          <DescriptionListDescription data-testid="audit-stream-filter-summary">
                            {filterSummary(s, t) || t("auditStreamFilterAll")}
                          </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                          <DescriptionListTerm>{t("auditStreamBatchSize")}</DescriptionListTerm>
                          <DescriptionListDescription>
                            {n(s.batchSize)} · {t("auditStreamLingerMs")}: {n(s.lingerMs)}
                          </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                          <DescriptionListTerm>{t("auditStreamSecret")}</DescriptionListTerm>
                          <DescriptionListDescription>{s.secretSet ? t("auditStreamSecretStored") : "—"}</DescriptionListDescription>
                        </DescriptionListGroup>
                        {st.position != null && (
                          <DescriptionListGroup>
                            <DescriptionListTerm>{t("auditStreamPosition")}</DescriptionListTerm>
                            <DescriptionListDescription>{st.position}</DescriptionListDescription>
                          </DescriptionListGroup>
                        )}
                        {st.failingSince != null && (
                          <DescriptionListGroup>
                            <DescriptionListTerm>{t("auditStreamFailingSince")}</DescriptionListTerm>
                            <DescriptionListDescription>{time.format(new Date(st.failingSince))}</DescriptionListDescription>
                          </DescriptionListGroup>
                        )}
                        {st.nextAttempt != null && (
                          <DescriptionListGroup>
                            <DescriptionListTerm>{t("auditStreamNextAttempt")}</DescriptionListTerm>
                            <DescriptionListDescription>{time.format(new Date(st.nextAttempt))}</DescriptionListDescription>
                          </DescriptionListGroup>
                        )}
                        {st.deliveringNode && (
                          <DescriptionListGroup>
                            <DescriptionListTerm>{t("auditStreamNode")}</DescriptionListTerm>
                            <DescriptionListDescription>{st.deliveringNode}</DescriptionListDescription>
                          </DescriptionListGroup>
                        )}
                      </DescriptionList>
                      <StreamAttempts api={api} stream={s} />
                    </ExpandableRowContent>
                  )}
                </Td>
              </Tr>
            </Tbody>
          );
        })}
      </Table>
      </div>
    );

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button onClick={() => setForm({})} data-testid="audit-stream-create">
              {t("auditStreamCreate")}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="link" onClick={() => void load()}>
              {t("auditRefresh")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {body}
      {form && (
        <StreamFormModal
          api={api}
          me={me}
          editing={form.editing}
          start={form.start}
          onClose={() => setForm(undefined)}
          onSaved={(stored, created) => {
            setForm(undefined);
            if (stored.secret) setSecret(stored);
            notify(AlertVariant.success, t(created ? "auditStreamCreated" : "auditStreamSaved", { name: stored.name }));
            void load();
          }}
        />
      )}
      {secret && (
        <Modal
          variant={ModalVariant.medium}
          title={t("auditStreamSecretTitle", { name: secret.name })}
          isOpen
          onClose={() => setSecret(undefined)}
          actions={[
            <Button key="done" onClick={() => setSecret(undefined)} data-testid="audit-stream-secret-done">
              {t("auditStreamSecretDone")}
            </Button>,
          ]}
        >
          <Alert variant="warning" isInline title={t("auditStreamSecretOnce")} className="pf-v5-u-mb-md" data-testid="audit-stream-secret-notice">
            {t("auditStreamSecretOnceHint")}
          </Alert>
          <ClipboardCopy
            isReadOnly
            hoverTip={t("auditCopy")}
            clickTip={t("auditCopied")}
            textAriaLabel={t("auditStreamSecret")}
            data-testid="audit-stream-secret"
          >
            {secret.secret}
          </ClipboardCopy>
        </Modal>
      )}
      {deleting && (
        <Modal
          variant={ModalVariant.small}
          title={t("auditStreamDeleteTitle", { name: deleting.name })}
          titleIconVariant="warning"
          isOpen
          onClose={() => setDeleting(undefined)}
          actions={[
            <Button
              key="delete"
              variant="danger"
              data-testid="audit-stream-delete-confirm"
              onClick={() => {
                const s = deleting;
                setDeleting(undefined);
                void act(s.id, () => api.deleteStream(s.id), t("auditStreamDeleted", { name: s.name }));
              }}
            >
              {t("auditDelete")}
            </Button>,
            <Button key="cancel" variant="link" onClick={() => setDeleting(undefined)}>
              {t("auditCancel")}
            </Button>,
          ]}
        >
          {t("auditStreamDeleteHint")}
        </Modal>
      )}
      {replaying && (
        <ReplayModal
          api={api}
          me={me}
          stream={replaying}
          onClose={() => setReplaying(undefined)}
          onDone={(s) => {
            setReplaying(undefined);
            notify(AlertVariant.success, t("auditStreamReplayed", { name: s.name }));
            void load();
          }}
        />
      )}
      {tested && (
        <Modal
          variant={ModalVariant.small}
          title={t("auditStreamTestTitle", { name: tested.stream.name })}
          isOpen
          onClose={() => setTested(undefined)}
          actions={[
            <Button key="close" onClick={() => setTested(undefined)} data-testid="audit-stream-test-close">
              {t("auditClose")}
            </Button>,
          ]}
        >
          <div data-testid="audit-stream-test-result" data-ok={tested.result ? String(tested.result.ok) : "false"}>
            {tested.error && <Alert variant="danger" isInline title={tested.error} />}
            {tested.result && (
              <Alert
                variant={tested.result.ok ? "success" : "danger"}
                isInline
                title={tested.result.ok ? t("auditStreamTestOk") : t("auditStreamTestFailed")}
              >
                <DescriptionList isHorizontal isCompact>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("auditStreamReceiverStatus")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="audit-stream-test-status">{tested.result.status ?? "—"}</DescriptionListDescription>
                  </DescriptionListGroup>
                  {tested.result.error && (
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("auditStreamError")}</DescriptionListTerm>
                      <DescriptionListDescription>{tested.result.error}</DescriptionListDescription>
                    </DescriptionListGroup>
                  )}
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("auditStreamDuration")}</DescriptionListTerm>
                    <DescriptionListDescription>{n(tested.result.durationMs)} ms</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t("auditEntryId")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="audit-stream-test-entry">{tested.result.entryId}</DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>
              </Alert>
            )}
          </div>
        </Modal>
      )}
    </>
  );
}

function filterSummary(s: Stream, t: (key: string) => string) {
  const f = s.filter;
  return [
    ...f.categories.map((c) => t(`auditCategory_${c}`)),
    ...f.actions,
    ...f.outcomes.map((o) => t(`auditOutcome_${o}`)),
    ...f.sources.map((x) => t(`auditSource_${x}`)),
    ...(f.organizations.length > 0 ? [`${t("auditOrganization")}: ${f.organizations.length}`] : []),
  ].join(", ");
}
