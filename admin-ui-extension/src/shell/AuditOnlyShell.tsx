import { useEnvironment } from "@keycloak/keycloak-admin-ui";
import {
  Brand,
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, useMatches } from "react-router-dom";
import { AuditLogPage } from "../audit/AuditLogPage";
import { environment } from "../environment";

/**
 * The console for people whose only admin right is the audit log (organization admins, audit-only auditors):
 * the same look, one page, their own realm only. Any other console URL lands on the Audit log.
 */
export function AuditOnlyShell() {
  const { t } = useTranslation();
  const { keycloak } = useEnvironment();
  const matches = useMatches();
  const realm = environment.realm;
  const here = matches[matches.length - 1];
  const onAuditLog = here?.pathname.startsWith(`/${encodeURIComponent(realm)}/audit-log`);
  if (!onAuditLog) return <Navigate to={`/${encodeURIComponent(realm)}/audit-log`} replace />;

  const header = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand href={environment.logoUrl || undefined}>
          <Brand src={`${environment.resourceUrl}/${environment.logo || "logo.svg"}`} alt="Keycloak" heights={{ default: "36px" }} />
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarItem align={{ default: "alignRight" }}>
              <span className="pf-v5-u-mr-md" data-testid="audit-shell-user">
                {keycloak.tokenParsed?.preferred_username}
              </span>
              <Button variant="secondary" isInline onClick={() => keycloak.logout({ redirectUri: window.location.href.split("#")[0] })}>
                {t("signOut")}
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label={t("auditLog")}>
          <h2 className="pf-v5-c-nav__section-title">{realm}</h2>
          <NavList>
            <NavItem isActive>
              <NavLink to={`/${encodeURIComponent(realm)}/audit-log`} data-testid="nav-item-audit-log">
                {t("auditLog")}
              </NavLink>
            </NavItem>
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <Page header={header} sidebar={sidebar} isManagedSidebar>
      <AuditLogPage linkResources={false} adoptLocale />
    </Page>
  );
}
