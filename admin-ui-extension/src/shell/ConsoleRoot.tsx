import { AdminUi, KeycloakProvider, useEnvironment } from "@keycloak/keycloak-admin-ui";
import { Bullseye, Spinner } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { environment } from "../environment";
import { AuditNavItem } from "./AuditNavItem";
import { AuditOnlyShell } from "./AuditOnlyShell";

/**
 * Keycloak's console, untouched, with our nav item added, for everyone Keycloak's console admits. Keycloak's
 * console refuses users who hold no realm-management role ("No realm access"), yet organization admins and
 * audit-only auditors need exactly that: for them, a console shell with only the Audit log page.
 */
export function ConsoleRoot() {
  return (
    <KeycloakProvider environment={environment}>
      <ShellChooser />
    </KeycloakProvider>
  );
}

function ShellChooser() {
  const { keycloak } = useEnvironment();
  const [shell, setShell] = useState<"console" | "audit-only">();

  useEffect(() => {
    const realm = encodeURIComponent(environment.realm);
    const whoami = `${environment.adminBaseUrl.replace(/\/$/, "")}/admin/${realm}/console/whoami?currentRealm=${realm}`;
    fetch(whoami, { headers: { Authorization: `Bearer ${keycloak.token}` } })
      .then((r) => setShell(r.status === 403 ? "audit-only" : "console"))
      .catch(() => setShell("console"));
  }, [keycloak]);

  if (!shell) {
    return (
      <Bullseye>
        <Spinner />
      </Bullseye>
    );
  }
  if (shell === "audit-only") return <AuditOnlyShell />;
  return (
    <>
      <AdminUi />
      <AuditNavItem />
    </>
  );
}
