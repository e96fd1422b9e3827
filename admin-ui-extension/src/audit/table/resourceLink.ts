import type { Entry, Me } from "../../api/types";

/**
 * Where Keycloak's console shows the entry's resource, if it still can: deletions link nowhere, and types the
 * console has no page for (credentials, sessions…) stay plain text.
 */
export function resourceLink(realm: string, entry: Entry): string | undefined {
  const { type, id } = entry.resource ?? {};
  if (!type || !id || entry.action.endsWith(".deleted")) return undefined;
  const r = encodeURIComponent(realm);
  const i = encodeURIComponent(id);
  switch (type) {
    case "user":
      return `/${r}/users/${i}/settings`;
    case "client":
      return `/${r}/clients/${i}/settings`;
    case "group":
      return `/${r}/groups/${i}`;
    case "role":
      return `/${r}/roles/${i}/details`;
    case "organization":
      return `/${r}/organizations/${i}/settings`;
    case "client-scope":
      return `/${r}/client-scopes/${i}/settings`;
    case "identity-provider":
      return `/${r}/identity-providers/${encodeURIComponent(providerId(entry) ?? "oidc")}/${i}/settings`;
    default:
      return undefined;
  }
}

/**
 * The identity provider's type (oidc, saml, google…), which the console's route names: the stored representation of
 * the provider carries it; a mapper's entry does not, and falls back to oidc.
 */
function providerId(entry: Entry): string | undefined {
  const representation = entry.details?.representation as { providerId?: unknown } | undefined;
  return typeof representation?.providerId === "string" ? representation.providerId : undefined;
}

/**
 * The actor as people know it: username, else the client, else the e-mail or id. The system (signals, retention…)
 * has no name of its own: with `t`, it reads as the console's word for it.
 */
export function actorName(entry: Entry, t?: (key: string) => string): string {
  const a = entry.actor;
  if (a.type === "system" && t) return t("auditActorType_system");
  return a.username ?? a.clientId ?? a.email ?? a.id ?? a.type;
}

/** The teams an entry concerns, each organization's in turn: "Platform, Ops". */
export function teamNames(e: Entry): string {
  return e.organizations.flatMap((o) => (o.teams ?? []).map((tm) => tm.name)).join(", ");
}

/** What an organization or team admin reads: "Globex, Acme (Platform)". */
export function scopeNames(organizations: Me["organizations"]): string {
  return organizations.map((o) => (o.teams?.length ? `${o.name} (${o.teams.map((tm) => tm.name).join(", ")})` : o.name)).join(", ");
}
