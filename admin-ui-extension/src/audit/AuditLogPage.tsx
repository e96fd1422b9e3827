import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  AlertVariant,
  Bullseye,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  PageSection,
  Spinner,
  Tab,
  TabTitleText,
  Tabs,
  Text,
  TextContent,
  Title,
} from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router-dom";
import { useAuditApi } from "../api/auditApi";
import { ApiError, Me } from "../api/types";
import { environment } from "../environment";
import { EntriesTab } from "./EntriesTab";
import { ExportHistory } from "./exports/ExportHistory";
import { toSearch, triggersView } from "./filters/view";
import { SettingsTab } from "./settings/SettingsTab";
import { SignalsTab } from "./signals/SignalsTab";
import { StreamsTab } from "./streams/StreamsTab";
import { scopeNames } from "./table/resourceLink";

import "./audit-log.css";

type Toast = { key: number; variant: AlertVariant; title: string; detail?: string };
const TABS = ["entries", "signals", "exports", "streams", "settings"] as const;

/**
 * The "Audit log" page: entries, security signals, export history, log streams and (for those who may see them) the
 * realm's audit settings.
 * `adoptLocale`: take the language from `GET me` (the audit-only shell, where Keycloak's console, which takes it
 * from `whoami`, is not running; the server chooses both the same way).
 */
export function AuditLogPage({ linkResources = true, adoptLocale = false }: { linkResources?: boolean; adoptLocale?: boolean }) {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const realm = params.realm ?? environment.realm;
  const requested = TABS.find((x) => x === params.tab) ?? "entries";
  const navigate = useNavigate();
  const { search } = useLocation();
  const api = useAuditApi(realm);
  const [me, setMe] = useState<Me>();
  const [denied, setDenied] = useState<ApiError>();
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(() => {
    let current = true; // a reply for the realm we just left must not decide this one
    setMe(undefined);
    setDenied(undefined);
    api
      .me()
      .then(async (m) => {
        if (!current) return;
        if (adoptLocale && m.locale && i18n.language !== m.locale) await i18n.changeLanguage(m.locale);
        setMe(m);
      })
      .catch((e) => current && setDenied(e as ApiError));
    return () => {
      current = false;
    };
  }, [api, adoptLocale, i18n]);

  const notify = useCallback((variant: AlertVariant, title: string, detail?: string) => {
    const key = Date.now() + Math.random();
    setToasts((all) => [...all, { key, variant, title, detail }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.key !== key)), 8000);
  }, []);
  // The filters stay in the URL across tabs, so coming back to Entries finds the same view.
  const goTo = (next: string) =>
    navigate({ pathname: `/${encodeURIComponent(realm)}/audit-log${next === "entries" ? "" : `/${next}`}`, search });

  // A signal's triggering entries: the Entries tab with only their ids over their time span (a new view, in the URL).
  const showTriggers = (ids: string[], firstTime: number, lastTime: number) =>
    navigate({
      pathname: `/${encodeURIComponent(realm)}/audit-log`,
      search: toSearch(triggersView(ids, firstTime, lastTime)).toString(),
    });

  const tab = requested === "settings" && me && !me.readSettings ? "entries" : requested;

  if (denied) {
    return (
      <PageSection>
        <EmptyState data-testid="audit-denied">
          <EmptyStateHeader titleText={t("auditNoAccess")} headingLevel="h1" />
          <EmptyStateBody>{denied.status === 403 ? t("auditNoAccessHint") : denied.message}</EmptyStateBody>
        </EmptyState>
      </PageSection>
    );
  }
  if (!me) {
    return (
      <Bullseye className="pf-v5-u-p-xl">
        <Spinner aria-label={t("auditLoading")} />
      </Bullseye>
    );
  }

  return (
    <>
      <PageSection variant="light">
        <TextContent>
          <Title headingLevel="h1" data-testid="audit-title">
            {t("auditLog")}
          </Title>
          <Text data-testid="audit-scope">
            {me.realmWide
              ? t("auditScopeRealm", { realm })
              : t("auditScopeOrganizations", { organizations: scopeNames(me.organizations) })}
          </Text>
        </TextContent>
      </PageSection>
      <PageSection variant="light" className="pf-v5-u-p-0">
        <Tabs activeKey={tab} onSelect={(_e, key) => goTo(String(key))} isBox mountOnEnter unmountOnExit>
          <Tab eventKey="entries" title={<TabTitleText>{t("auditEntries")}</TabTitleText>} data-testid="audit-tab-entries">
            <EntriesTab
              api={api}
              me={me}
              realm={realm}
              linkResources={linkResources}
              notify={notify}
              onJobStarted={() => goTo("exports")}
            />
          </Tab>
          <Tab eventKey="signals" title={<TabTitleText>{t("auditSignals")}</TabTitleText>} data-testid="audit-tab-signals">
            <SignalsTab
              api={api}
              realm={realm}
              linkResources={linkResources}
              onShowTriggers={(s) => showTriggers(s.triggers, s.firstTime, s.lastTime)}
            />
          </Tab>
          <Tab eventKey="exports" title={<TabTitleText>{t("auditExportHistory")}</TabTitleText>} data-testid="audit-tab-exports">
            <PageSection variant="light">
              <ExportHistory api={api} />
            </PageSection>
          </Tab>
          <Tab eventKey="streams" title={<TabTitleText>{t("auditStreams")}</TabTitleText>} data-testid="audit-tab-streams">
            <PageSection variant="light">
              <StreamsTab api={api} me={me} notify={notify} />
            </PageSection>
          </Tab>
          {me.readSettings ? (
            <Tab eventKey="settings" title={<TabTitleText>{t("auditSettings")}</TabTitleText>} data-testid="audit-tab-settings">
              <PageSection variant="light">
                <SettingsTab api={api} editable={me.editSettings} />
              </PageSection>
            </Tab>
          ) : null}
        </Tabs>
      </PageSection>
      <AlertGroup isToast isLiveRegion>
        {toasts.map((x) => (
          <Alert
            key={x.key}
            variant={x.variant}
            title={x.title}
            actionClose={<AlertActionCloseButton onClose={() => setToasts((all) => all.filter((y) => y.key !== x.key))} />}
          >
            {x.detail}
          </Alert>
        ))}
      </AlertGroup>
    </>
  );
}
