// The REST side of the end-to-end tests: tokens by password grant and the audit API, to seed activity and to
// know exactly what the page must show.
import { BASE, PASSWORD, REALM } from "./browser.mjs";

async function form(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

export async function token(username, { realm = REALM, clientId = "demo-app", password = PASSWORD } = {}) {
  const r = await form(`${BASE}/realms/${realm}/protocol/openid-connect/token`, {
    grant_type: "password", client_id: clientId, username, password, scope: "openid",
  });
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/**
 * A login as if through a proxy from a public address with a browser's User-Agent (the test server trusts
 * X-Forwarded-For; a public address over plain http would be refused, so the proxy also says https).
 */
export async function loginFrom(username, ip, userAgent) {
  const response = await fetch(`${BASE}/realms/${REALM}/protocol/openid-connect/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": ip,
      "X-Forwarded-Proto": "https",
      "User-Agent": userAgent,
    },
    body: new URLSearchParams({ grant_type: "password", client_id: "demo-app", username, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} from ${ip} failed: ${response.status}`);
}

/** A failed login (wrong password): one authentication failure in the audit log. */
export async function failedLogin(username) {
  await form(`${BASE}/realms/${REALM}/protocol/openid-connect/token`, {
    grant_type: "password", client_id: "demo-app", username, password: "wrong-password",
  });
}

export const masterToken = () =>
  token(process.env.KC_ADMIN ?? "admin", { realm: "master", clientId: "admin-cli", password: process.env.KC_ADMIN_PASSWORD ?? "admin" });

export async function admin(method, path, body) {
  const response = await fetch(`${BASE}/admin/realms/${REALM}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${await masterToken()}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, location: response.headers.get("Location") };
}

export async function audit(userToken, path) {
  const response = await fetch(`${BASE}/admin/realms/${REALM}/audit-log/${path}`, {
    headers: { Authorization: `Bearer ${userToken}` },
  });
  if (!response.ok) throw new Error(`audit ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A demo-realm user with realm-management roles, created once (the settings tab needs manage-events). */
export async function ensureUserWithRoles(username, roles) {
  await admin("POST", "users", {
    username, enabled: true, email: `${username}@demo.test`, emailVerified: true, firstName: "E2e", lastName: "Admin",
    credentials: [{ type: "password", value: PASSWORD, temporary: false }],
  });
  const [user] = (await admin("GET", `users?exact=true&username=${encodeURIComponent(username)}`)).body;
  const [rm] = (await admin("GET", "clients?clientId=realm-management")).body;
  const available = (await admin("GET", `clients/${rm.id}/roles`)).body.filter((r) => roles.includes(r.name));
  await admin("POST", `users/${user.id}/role-mappings/clients/${rm.id}`, available);
  return user.id;
}
