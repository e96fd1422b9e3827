import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalVariant,
  Radio,
  TextInput,
} from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditApi } from "../../api/auditApi";
import type { Stream } from "../../api/streamTypes";
import { ApiError, Me } from "../../api/types";

/** A local date-time input's value for a time, e.g. an hour ago. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
};

/**
 * Delivery continues from a time (`from`) or after a sequence number (`afterSeq`, realm auditors only: sequence
 * numbers are realm-wide). Entries already delivered are sent again.
 */
export function ReplayModal({ api, me, stream, onClose, onDone }: {
  api: AuditApi;
  me: Me;
  stream: Stream;
  onClose: () => void;
  onDone: (s: Stream) => void;
}) {
  const { t } = useTranslation();
  const [by, setBy] = useState<"from" | "afterSeq">("from");
  const [from, setFrom] = useState(localInput(Date.now() - 3600_000));
  const [afterSeq, setAfterSeq] = useState("");
  const [error, setError] = useState<ApiError>();
  const [running, setRunning] = useState(false);

  const replay = async () => {
    setRunning(true);
    try {
      const body =
        by === "from" ? { from: new Date(from).toISOString() } : { afterSeq: /^\d+$/.test(afterSeq) ? Number(afterSeq) : (afterSeq as unknown as number) };
      onDone(await api.replayStream(stream.id, body));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={t("auditStreamReplayTitle", { name: stream.name })}
      isOpen
      onClose={onClose}
      actions={[
        <Button key="replay" onClick={replay} isLoading={running} isDisabled={running} data-testid="audit-stream-replay-confirm">
          {t("auditStreamReplay")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("auditCancel")}
        </Button>,
      ]}
    >
      <Form onSubmit={(e) => e.preventDefault()}>
        <Alert variant="info" isInline isPlain title={t("auditStreamReplayHint")} />
        {error && <Alert variant="danger" isInline title={error.message} data-testid="audit-stream-replay-error" />}
        <FormGroup role="radiogroup" fieldId="audit-stream-replay-by" label={t("auditStreamReplayFrom")} isStack>
          <Radio id="audit-stream-replay-by-time" name="replay-by" label={t("auditStreamReplayByTime")} isChecked={by === "from"} onChange={() => setBy("from")} />
          {me.realmWide && (
            <Radio id="audit-stream-replay-by-seq" name="replay-by" label={t("auditStreamReplayBySeq")} isChecked={by === "afterSeq"} onChange={() => setBy("afterSeq")} />
          )}
        </FormGroup>
        {by === "from" ? (
          <FormGroup label={t("auditTime")} fieldId="audit-stream-replay-from">
            <TextInput id="audit-stream-replay-from" type="datetime-local" value={from} onChange={(_e, v) => setFrom(v)} />
          </FormGroup>
        ) : (
          <FormGroup label={t("auditStreamReplayAfterSeq")} fieldId="audit-stream-replay-afterSeq">
            <TextInput id="audit-stream-replay-afterSeq" value={afterSeq} onChange={(_e, v) => setAfterSeq(v)} />
            {stream.status.position != null && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("auditStreamReplayPosition", { position: stream.status.position })}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
        )}
      </Form>
    </Modal>
  );
}
