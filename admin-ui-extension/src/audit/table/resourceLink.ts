import type { Entry } from "../../api/types";

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

/** The actor as people know it: username, else the client, else the e-mail or id. */
export function actorName(entry: Entry): string {
  const a = entry.actor;
  return a.username ?? a.clientId ?? a.email ?? a.id ?? a.type;
}
