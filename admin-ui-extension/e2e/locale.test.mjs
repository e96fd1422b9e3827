// The Audit log page in German, chosen as Keycloak chooses the console's language: a user whose locale is `de`
// in a realm with internationalization on. No label of the English bundle may be left on the page, and the labels
// the server sends (actions, categories) and the CSV export must be German too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { admin, audit, ensureUserWithRoles, masterToken, token } from "./api.mjs";
import { BASE, REALM, launch, loginToAuditLog, screenshot } from "./browser.mjs";

const LOCALE = "de";
const USER = "e2e-auditor-de";
const MESSAGES = new URL("../src/main/resources/theme/audit-log/admin/messages/", import.meta.url);

/** A theme bundle as a map (our files use plain `key=value` lines, UTF-8). */
function bundle(locale) {
  const text = readFileSync(new URL(`messages_${locale}.properties`, MESSAGES), "utf8");
  return new Map(
    text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

let browser;
let realmBefore;

/** The realm's own representation (GET, or a partial PUT). */
async function realmRep(method, body) {
  const response = await fetch(`${BASE}/admin/realms/${REALM}`, {
    method,
    headers: { Authorization: `Bearer ${await masterToken()}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: method === "GET" ? await response.json() : undefined };
}

before(async () => {
  browser = await launch();
  const realm = (await realmRep("GET")).body;
  realmBefore = { internationalizationEnabled: realm.internationalizationEnabled ?? false, supportedLocales: realm.supportedLocales ?? [], defaultLocale: realm.defaultLocale };
  const i18n = await realmRep("PUT", {
    internationalizationEnabled: true, supportedLocales: ["en", "de", "fr", "es", "pt-BR", "ja", "zh-CN"], defaultLocale: "en",
  });
  assert.equal(i18n.status, 204, "internationalization turned on");
  const id = await ensureUserWithRoles(USER, ["view-events"]);
  const user = (await admin("GET", `users/${id}`)).body;
  await admin("PUT", `users/${id}`, { ...user, attributes: { ...(user.attributes ?? {}), locale: [LOCALE] } });
  assert.deepEqual((await admin("GET", `users/${id}`)).body.attributes?.locale, [LOCALE], "the user's locale is set");
  await token("alice"); // at least one login in the default week
});

after(async () => {
  await browser?.close();
  // The other browser tests expect the demo realm as it was.
  if (realmBefore) await realmRep("PUT", realmBefore);
});

describe("the page in the user's language", () => {
  let context;
  let page;

  before(async () => {
    ({ context, page } = await loginToAuditLog(browser, USER));
  });
  after(async () => context?.close());

  test("no English label is left, the server's labels are German and dates read the German way", async () => {
    const en = bundle("en");
    const de = bundle(LOCALE);
    await page.waitForFunction((title) => document.querySelector('[data-testid="audit-title"]')?.textContent?.includes(title), de.get("auditLog"));
    await page.waitForSelector('[data-testid="audit-row"]');
    // Show the filters and open one entry's details, so their labels are on the page too.
    const toggle = page.locator('[data-testid="audit-toggle-filters"]');
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await page.locator('[data-testid="audit-row"]').first().locator("td").first().locator("button").click();
    await page.waitForSelector('[data-testid="audit-details-id"]');
    await screenshot(page, "09-german");

    // Every text node, label, placeholder and title of the page (Keycloak's own navigation aside).
    const shown = await page.evaluate(() => {
      const root = document.querySelector("main") ?? document.body;
      const texts = new Set();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) texts.add(n.textContent.trim());
      for (const el of root.querySelectorAll("[aria-label],[placeholder],[title]"))
        for (const a of ["aria-label", "placeholder", "title"]) if (el.getAttribute(a)) texts.add(el.getAttribute(a).trim());
      const nav = document.querySelector('[data-testid="nav-item-audit-log"]');
      if (nav) texts.add(nav.textContent.trim());
      return [...texts];
    });
    const german = new Set(de.values());
    const englishOnly = [...en.entries()]
      .filter(([key, value]) => !value.includes("{{") && de.get(key) !== value && !german.has(value))
      .map(([, value]) => value);
    assert.ok(englishOnly.length > 100, "most labels differ between English and German");
    const left = shown.filter((s) => englishOnly.includes(s));
    assert.deepEqual(left, [], `English labels left on the German page: ${left.join(" | ")}`);
    assert.ok(shown.includes(de.get("auditFilters")) || shown.includes(de.get("auditHideFilters")), "the filters are shown in German");
    assert.ok(shown.includes(de.get("auditTime")), "the table headers are German");

    // Action and category labels come from the server, in the caller's language.
    const german_ = await audit(await token(USER), "entries?max=20");
    const english = await audit(await token("auditor"), "entries?max=20");
    const byId = new Map(english.entries.map((e) => [e.id, e]));
    assert.ok(german_.entries.length > 0);
    for (const e of german_.entries) {
      const other = byId.get(e.id);
      if (!other) continue;
      if (e.action === "auth.login") assert.equal(e.actionLabel, "Angemeldet");
      if (e.category === "authentication") assert.equal(e.categoryLabel, "Anmeldung");
      if (other.categoryLabel !== "Audit log") assert.notEqual(e.categoryLabel, other.categoryLabel, `${e.category} is translated`);
    }
    const actions = await page.locator('[data-testid="audit-row"] td:nth-child(3)').allTextContents();
    const englishActions = new Set(english.entries.map((e) => e.actionLabel));
    const germanActions = new Set(german_.entries.map((e) => e.actionLabel));
    assert.ok(actions.length > 0);
    for (const a of actions) assert.ok(germanActions.has(a.trim()) || !englishActions.has(a.trim()), `action "${a}" is German`);

    // Times as German readers write them: 02.12.2026, 00:10:15 (Intl, the browser's own data for "de").
    const time = (await page.locator('[data-testid="audit-row"] td').first().textContent()).trim();
    assert.match(time, /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/, time);
    const me = await audit(await token(USER), "me");
    assert.equal(me.locale, LOCALE);
  });

  test("the CSV export speaks German without a locale parameter", async () => {
    await page.click('[data-testid="audit-export-toggle"]');
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="audit-export-csv"]')]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const csv = Buffer.concat(chunks).toString("utf8");
    assert.match(csv.split(/\r?\n/)[0], /^"Zeitpunkt","Kategorie","Aktion","Akteur","Ressourcentyp"/);
    // ISO-8601 timestamps stay: CSV is read by tools.
    assert.match(csv.split(/\r?\n/)[1] ?? "", /^"\d{4}-\d{2}-\d{2}T/);
  });
});

test("a user without a locale reads the realm's default, English", async () => {
  const me = await audit(await token("auditor"), "me");
  assert.equal(me.locale, "en");
});
