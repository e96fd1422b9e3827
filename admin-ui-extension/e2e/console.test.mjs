// The Audit log page in a real browser against a real Keycloak with the extension and the demo realm:
//   KC_URL=http://localhost:8080 npm run test:e2e      (ConsoleIT runs it inside ./mvnw verify)
// Each test compares what the page shows with what the audit API answers for the same view.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { admin, audit, ensureUserWithRoles, failedLogin, loginFrom, token } from "./api.mjs";
import { BASE, REALM, launch, login, loginToAuditLog, screenshot } from "./browser.mjs";

const RUN = Date.now().toString(36);
let browser;

before(async () => {
  browser = await launch();
  // Activity with known shapes: logins of members of Acme (alice), Globex (bob) and of nobody's (dave),
  // failed logins of bob, and an admin change.
  // Re-runs against the demo must not find bob locked out by earlier runs' failures.
  await admin("DELETE", "attack-detection/brute-force/users");
  // One failure, then (after Keycloak's 1 s quick-login check) the successful login that resets its count.
  await failedLogin("bob");
  await new Promise((r) => setTimeout(r, 1500));
  for (const user of ["alice", "bob", "dave", "carol"]) await token(user);
  await admin("POST", "groups", { name: `e2e-group-${RUN}` });
  await ensureUserWithRoles("e2e-settings-admin", ["view-events", "manage-events"]);
  // An update with a before and after, for the details drawer's changes.
  const created = await admin("POST", "users", { username: `e2e-changes-${RUN}`, enabled: true, lastName: "Before" });
  const userId = created.location.split("/").pop();
  await admin("PUT", `users/${userId}`, { lastName: "After" });
});

after(async () => browser?.close());

const rows = (page) => page.locator('[data-testid="audit-row"]');
const ids = async (page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-entry-id")));
const column = async (page, index) =>
  rows(page).evaluateAll((trs, i) => trs.map((tr) => tr.querySelectorAll("td")[i].textContent.trim()), index);
const hashParams = (page) => new URLSearchParams(new URL(page.url()).hash.split("?")[1] ?? "");

async function chooseInSelect(page, toggleTestId, label) {
  await page.click(`[data-testid="${toggleTestId}"]`);
  await page.locator(".pf-v5-c-menu__list-item", { hasText: label }).first().click();
  await page.keyboard.press("Escape");
}

/** Opens the page at a view (a hash change, no reload) and waits until its entries or its empty state show. */
async function show(page, query = "") {
  await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log${query ? `?${query}` : ""}`);
  await settle(page);
}

/** Waits until the page shows the view in the URL, entries or error (it marks what it shows with data-view). */
async function settle(page) {
  await page.waitForFunction(() => {
    const shown = document.querySelector('[data-testid="audit-entries"]')?.getAttribute("data-view");
    const wanted = new URLSearchParams(location.hash.split("?")[1] ?? "").toString();
    return shown !== null && shown !== undefined && new URLSearchParams(shown).toString() === wanted;
  });
}

const week = () => `from=${Date.now() - 7 * 86400000}`;

/**
 * The API's first page of the last week for this caller, once the page shows the same. The browser's own login is
 * the caller's activity too, and its last entries may commit after the page first read: the page is read again until
 * nothing new arrives between its read and the API's (a wrong page still differs, and the caller's assertion fails).
 */
async function settledWithApi(page, callerToken) {
  let api = await audit(callerToken, `entries?max=20&${week()}`);
  for (let i = 0; i < 3 && JSON.stringify(await ids(page)) !== JSON.stringify(api.entries.map((e) => e.id)); i++) {
    await page.reload();
    await settle(page);
    api = await audit(callerToken, `entries?max=20&${week()}`);
  }
  return api;
}

async function apply(page) {
  await page.click('[data-testid="audit-apply"]');
  await settle(page);
}

describe("realm auditor", () => {
  let page;
  let auditor;
  before(async () => {
    ({ page } = await loginToAuditLog(browser, "auditor"));
    auditor = await token("auditor");
  });

  test("the Audit log is in Keycloak's own navigation, beside Events", async () => {
    await page.waitForSelector('[data-testid="nav-item-audit-log"]');
    // Keycloak's console fills its navigation as the user's access arrives (on 26.4 the Events item can come after
    // ours): wait for Events, then for the order to settle, instead of reading it once.
    await page.waitForSelector('[data-testid="nav-item-events"]');
    assert.equal(await page.locator('[data-testid="nav-item-events"]').count(), 1, "Keycloak's nav is intact");
    const navOrder = () => page.locator(".keycloak__page_nav__nav a").evaluateAll((as) => as.map((a) => a.id));
    await page
      .waitForFunction(() => {
        const ids = [...document.querySelectorAll(".keycloak__page_nav__nav a")].map((a) => a.id);
        return ids[ids.indexOf("nav-item-events") + 1] === "nav-item-audit-log";
      }, undefined, { timeout: 5000 })
      .catch(() => {}); // the assertion below reports the order it found
    const order = await navOrder();
    assert.equal(order[order.indexOf("nav-item-events") + 1], "nav-item-audit-log");
    assert.match(await page.locator('[data-testid="audit-scope"]').textContent(), /realm demo/);
    await rows(page).first().waitFor();
    await screenshot(page, "01-audit-log");
  });

  test("the default view is the API's last 7 days, newest first", async () => {
    await page.reload();
    await settle(page);
    const api = await audit(auditor, `entries?max=20&${week()}`);
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id));
    const times = api.entries.map((e) => e.time);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  test("the chart counts the view's entries over time, and a click on a bar narrows the range to it", async () => {
    await show(page, "category=authentication");
    const chart = page.locator('[data-testid="audit-histogram"]');
    // The chart marks the filters it drew; wait for this view's, then ask the API the same question.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="audit-histogram"] svg') &&
      document.querySelector('[data-testid="audit-histogram"]').getAttribute("data-query")?.includes("category=authentication"));
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const drawn = await chart.getAttribute("data-query");
    const api = await audit(auditor, `entries/histogram?${drawn}&zone=${encodeURIComponent(zone)}`);
    assert.ok(api.total > 0, "logins were recorded");
    assert.equal(Number(await chart.getAttribute("data-total")), api.total);
    assert.equal(Number((await page.locator('[data-testid="audit-total"]').first().textContent()).replace(/\D/g, "")),
      api.total, "the chart and the table count the same entries");
    await screenshot(page, "01b-histogram");

    // The tallest bar drawn is the busiest bar of one outcome: click it (a click event on the bar itself, so that a
    // tooltip drawn under the pointer cannot take it).
    const bars = chart.locator("svg path");
    const tallest = await bars.evaluateAll((paths) => paths
      .map((p, i) => ({ i, r: p.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .sort((a, b) => b.r.height - a.r.height)[0]?.i);
    assert.ok(tallest !== undefined, "bars are drawn");
    await bars.nth(tallest).dispatchEvent("click");
    await page.waitForFunction(() => new URLSearchParams(location.hash.split("?")[1] ?? "").get("range") === "custom");
    await settle(page);
    const params = hashParams(page);
    const from = new Date(params.get("from")).getTime();
    const to = new Date(params.get("to")).getTime();
    const bar = api.bars.find((b) => b.start === from);
    assert.ok(bar, `the range starts where a bar starts (${params.get("from")})`);
    assert.equal(to, bar.end - 1, "and ends where that bar ends");
    assert.ok(bar.success + bar.failure > 0, "the clicked bar has entries");
    const narrowed = await audit(auditor, `entries?category=authentication&from=${from}&to=${to}&max=20`);
    assert.deepEqual(await ids(page), narrowed.entries.map((e) => e.id));
    assert.equal(Number((await page.locator('[data-testid="audit-total"]').first().textContent()).replace(/\D/g, "")),
      bar.success + bar.failure, "the table holds exactly the bar's entries");
    await show(page);
  });

  test("dragging across the chart narrows the range to the bars it covers", async () => {
    await show(page, "category=authentication");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="audit-histogram"] svg') &&
      document.querySelector('[data-testid="audit-histogram"]').getAttribute("data-query")?.includes("category=authentication"));
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const drawn = await page.locator('[data-testid="audit-histogram"]').getAttribute("data-query");
    const api = await audit(auditor, `entries/histogram?${drawn}&zone=${encodeURIComponent(zone)}`);
    const svg = await page.locator('[data-testid="audit-histogram"] svg').first().boundingBox();
    // From the middle of the plot to its right edge: the newer half of the range.
    const y = svg.y + svg.height / 2;
    await page.mouse.move(svg.x + svg.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(svg.x + svg.width * 0.75, y, { steps: 5 });
    await page.mouse.move(svg.x + svg.width - 20, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => new URLSearchParams(location.hash.split("?")[1] ?? "").get("range") === "custom");
    await settle(page);
    const params = hashParams(page);
    const from = new Date(params.get("from")).getTime();
    const to = new Date(params.get("to")).getTime();
    const first = api.bars.findIndex((b) => b.start === from);
    const last = api.bars.findIndex((b) => b.end - 1 === to);
    assert.ok(first > 0 && last >= first, `the range is whole bars of the newer half (${params.get("from")} – ${params.get("to")})`);
    const expected = api.bars.slice(first, last + 1).reduce((n, b) => n + b.success + b.failure, 0);
    assert.equal(Number((await page.locator('[data-testid="audit-total"]').first().textContent()).replace(/\D/g, "")),
      expected, "the table holds exactly those bars' entries");
    await show(page);
  });

  test("category and actor filters show exactly the API's entries and live in the URL", async () => {
    await chooseInSelect(page, "audit-filter-category-toggle", "Authentication");
    await page.fill("#audit-filter-actor-input", "bob");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator(".pf-v5-c-chip", { hasText: "bob" }).count(), 1, "bob became a chip");
    await apply(page);
    const params = hashParams(page);
    assert.deepEqual(params.getAll("category"), ["authentication"]);
    assert.deepEqual(params.getAll("actor"), ["bob"]);
    const api = await audit(auditor, "entries?category=authentication&actor=bob&max=20");
    assert.ok(api.entries.length >= 2, "bob failed once and logged in");
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id));
    assert.ok((await column(page, 3)).every((c) => c === "Authentication"));
    assert.ok((await column(page, 5)).includes("Failure"), "failed logins are shown as failures");
    await screenshot(page, "02-filtered");
  });

  test("a bookmarked view opens with its filters applied", async () => {
    const { context, page: other } = await loginToAuditLog(browser, "auditor");
    await other.goto(page.url());
    await settle(other);
    assert.deepEqual(await ids(other), await ids(page));
    assert.match(await other.locator('[data-testid="audit-filter-category-toggle"]').textContent(), /1 chosen/);
    await context.close();
  });

  test("free-text search and the empty state", async () => {
    await page.click('[data-testid="audit-reset"]');
    await settle(page);
    await page.fill('[data-testid="audit-filter-q"]', `e2e-group-${RUN}`);
    await apply(page);
    const api = await audit(auditor, `entries?q=e2e-group-${RUN}`);
    assert.equal(api.entries.length, 1);
    assert.deepEqual(await ids(page), [api.entries[0].id]);
    await page.fill('[data-testid="audit-filter-q"]', `nothing-matches-${RUN}`);
    await apply(page);
    assert.equal(await page.locator('[data-testid="audit-empty"]').count(), 1);
    assert.equal(await rows(page).count(), 0);
  });

  test("sorting by a header follows the API's order", async () => {
    await show(page);
    await page.locator("th", { hasText: "Actor" }).locator("button").click();
    await page.waitForURL(/sort=actor/);
    await settle(page);
    const params = hashParams(page);
    const api = await audit(auditor, `entries?sort=actor&order=${params.get("order") ?? "desc"}&max=20&${week()}`);
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id));
  });

  test("paging shows the API's next page", async () => {
    await show(page, "perPage=10&page=2");
    const api = await audit(auditor, `entries?max=10&first=10&${week()}`);
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id));
    const count = await audit(auditor, `entries/count?${week()}`);
    assert.match(await page.locator('[data-testid="audit-total"]').first().textContent(), new RegExp(String(count.count)));
  });

  test("details drawer: every field, changes, and the raw JSON copied", async () => {
    await show(page, `q=e2e-group-${RUN}`);
    assert.equal(await rows(page).count(), 1);
    // keyboard: the time cell is a button
    await rows(page).first().locator("button").first().focus();
    await page.keyboard.press("Enter");
    const drawer = page.locator('[data-testid="audit-details"]');
    await drawer.waitFor();
    const [entry] = (await audit(auditor, `entries?q=e2e-group-${RUN}`)).entries;
    assert.equal((await page.locator('[data-testid="audit-details-id"]').textContent()).trim(), entry.id);
    assert.match(await drawer.textContent(), /Group created|created/i);
    await page.click('[data-testid="audit-copy-json"]');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(copied.id, entry.id);
    assert.equal(copied.resource.name, `e2e-group-${RUN}`);
    await screenshot(page, "03-details");
  });

  test("the details drawer shows an update's changes as old → new", async () => {
    await show(page, `q=e2e-changes-${RUN}&action=user.updated`);
    assert.equal(await rows(page).count(), 1);
    await rows(page).first().locator("td").nth(2).click(); // the Action cell: a click anywhere but a link opens it
    const changes = page.locator('[data-testid="audit-changes"]');
    await changes.waitFor();
    const row = changes.locator("tbody tr", { hasText: "lastName" });
    assert.deepEqual(
      (await row.locator("td").allTextContents()).map((t) => t.trim()),
      ["lastName", "Before", "→", "After"],
    );
    await page.locator('[aria-label="Close details"]').click();
  });

  test("where and on what: the country filter and the drawer's location and device", async (t) => {
    if (process.env.EXPECT_GEOIP !== "true") {
      t.skip("the server has no GeoIP database (geoip-databases); ConsoleIT configures one");
      return;
    }
    const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    await loginFrom("alice", "81.2.69.142", firefox);
    const expected = await audit(auditor, `entries?country=GB&actor=alice&action=auth.login&${week()}`);
    assert.ok(expected.entries.length > 0);
    await show(page, "country=GB&actor=alice&action=auth.login");
    assert.deepEqual(await ids(page), expected.entries.slice(0, 20).map((e) => e.id));
    await rows(page).first().locator("td").nth(2).click();
    const drawer = page.locator('[data-testid="audit-details"]');
    await drawer.waitFor();
    const text = await drawer.textContent();
    assert.match(text, /Bracknell, England, United Kingdom \(GB\)/);
    assert.match(text, /Firefox 121, Windows 10 \(Desktop\)/);
    assert.ok(text.includes(firefox));
    await screenshot(page, "03b-origin");
    await page.locator('[aria-label="Close details"]').click();
  });

  test("a refused view shows the API's message and the parameter it names", async () => {
    await show(page, "range=custom&from=2026-11-20T10:00&to=2026-11-19T10:00");
    const error = page.locator('[data-testid="audit-error"]');
    await error.waitFor();
    assert.match(await error.textContent(), /to: to must not be before from/);
    assert.equal(await rows(page).count(), 0);
  });

  test("export of the current view as CSV holds exactly its rows", async () => {
    await show(page, "category=authentication");
    const expected = await audit(auditor, `entries?category=authentication&max=1000&${week()}`);
    await page.click('[data-testid="audit-export-toggle"]');
    await screenshot(page, "04-export-menu");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="audit-export-csv"]')]);
    const csv = await streamText(await download.createReadStream());
    const lines = csv.trim().split(/\r?\n/);
    // Every field is quoted; the first two never hold a quote or a comma.
    const cells = (line) => line.replace(/^"|"$/g, "").split('","');
    assert.match(lines[0], /^"Timestamp","Category","Action","Actor"/);
    assert.equal(lines.length - 1, expected.entries.length);
    const stamps = lines.slice(1).map((l) => cells(l)[0]);
    assert.deepEqual(stamps, expected.entries.map((e) => new Date(e.time).toISOString()));
    assert.ok(lines.slice(1).every((l) => cells(l)[1] === "Authentication"));
  });

  test("an export job appears in Export history and downloads when Completed", async () => {
    const earlier = new Set((await audit(auditor, "exports")).map((j) => j.id));
    await page.click('[data-testid="audit-export-toggle"]');
    await page.click('[data-testid="audit-export-job-xlsx"]');
    await page.waitForSelector('[data-testid="audit-export-history"]');
    const jobs = await audit(auditor, "exports");
    const job = jobs.find((j) => !earlier.has(j.id));
    assert.ok(job, "the menu started a new job");
    assert.equal(job.format, "xlsx");
    assert.deepEqual(job.filters.category, ["authentication"], "the job exports the view on screen");
    const row = page.locator(`[data-testid="audit-export-job"][data-job-id="${job.id}"]`);
    await page.locator(`[data-testid="audit-export-job"][data-job-id="${job.id}"][data-status="Completed"]`)
      .waitFor({ timeout: 60_000 });
    await screenshot(page, "05-export-history");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      row.locator('[data-testid="audit-export-download"]').click(),
    ]);
    const bytes = await streamBytes(await download.createReadStream());
    assert.equal(bytes.subarray(0, 2).toString(), "PK", "an .xlsx is a zip");
    assert.match(download.suggestedFilename(), /\.xlsx$/);
  });

  test("Verify integrity checks what is new, and runs the full check in the background with its progress", async () => {
    await show(page);
    // The API's incremental check moves the mark; the button's check then starts right after it.
    const api = await audit(auditor, "verify");
    assert.equal(api.verified, true);
    assert.equal(api.mode, "incremental");
    await page.click('[data-testid="audit-verify"]');
    const result = page.locator('[data-testid="audit-verify-result"]');
    await result.waitFor();
    assert.match(await result.textContent(), /The log verifies/);
    assert.equal(Number(await result.getAttribute("data-from-seal")), api.throughSeal + 1, "only what is new is checked");
    // The full check: started here, followed to its end, and the same figures the API reports for it.
    await page.click('[data-testid="audit-full-check-start"]');
    await page.locator('[data-testid="audit-full-check-progress"]').waitFor();
    await page.locator('[data-testid="audit-full-check"][data-state="verified"]').waitFor({ timeout: 60_000 });
    const full = await audit(auditor, "verify/full");
    assert.equal(full.state, "verified");
    assert.equal(full.report.verified, true);
    const state = await page.locator('[data-testid="audit-full-check-state"]').textContent();
    assert.ok(state.includes(full.entriesVerified.toLocaleString("en")), `${state} names ${full.entriesVerified} entries`);
    await screenshot(page, "06-verify");
    await page.keyboard.press("Escape");
  });

  test("live mode shows a new entry without reloading", async () => {
    await show(page);
    await page.click('label[for="audit-live"]');
    const before = new Set(await ids(page));
    await token("carol");
    // carol's new login appears, highlighted as new, without the page being reloaded
    await page.waitForFunction(
      (known) =>
        [...document.querySelectorAll('[data-testid="audit-row"]')].some(
          (tr) =>
            !known.includes(tr.getAttribute("data-entry-id")) &&
            tr.classList.contains("audit-log__row--new") &&
            tr.querySelectorAll("td")[1].textContent.trim() === "carol",
        ),
      [...before],
      { timeout: 15_000 },
    );
    await page.click('label[for="audit-live"]');
  });

  test("settings are read-only without manage-events", async () => {
    await page.click('[data-testid="audit-tab-settings"] button, [data-testid="audit-tab-settings"]');
    await page.waitForSelector('[data-testid="audit-settings"]');
    assert.equal(await page.locator('[data-testid="audit-settings-save"]').count(), 0);
    assert.ok(await page.locator("#audit-setting-legalHold").isDisabled());
  });
});

describe("event manager", () => {
  test("changes the retention, and a refused value is shown at its field", async () => {
    const { context, page } = await loginToAuditLog(browser, "e2e-settings-admin");
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log/settings`);
    await page.waitForSelector('[data-testid="audit-settings-save"]');
    const input = page.locator('input[name="retentionDays"]');
    const original = await input.inputValue();
    await input.fill("400");
    await page.click('[data-testid="audit-settings-save"]');
    await page.getByText("Audit settings saved").waitFor();
    const saved = await audit(await token("e2e-settings-admin"), "config");
    assert.equal(saved.retentionDays, 400);
    await screenshot(page, "07-settings");
    await page.locator('input[name="exportMaxDays"]').fill("100000");
    await page.click('[data-testid="audit-settings-save"]');
    await page.locator(".pf-v5-c-helper-text__item.pf-m-error, .pf-v5-c-alert.pf-m-danger").first().waitFor();
    await input.fill(original);
    await page.locator('input[name="exportMaxDays"]').fill(String(saved.exportMaxDays));
    await page.click('[data-testid="audit-settings-save"]');
    await page.getByText("Audit settings saved").waitFor();
    assert.equal((await audit(await token("e2e-settings-admin"), "config")).retentionDays, Number(original));
    await context.close();
  });
});

describe("organization admin", () => {
  test("sees only the Audit log, with exactly their organization's entries", async () => {
    const acme = await token("acme-admin");
    const { context, page } = await loginToAuditLog(browser, "acme-admin");
    await settle(page);
    const api = await settledWithApi(page, acme);
    // What the page showed instead of rows, if anything (an error alert), so a rare empty page says why.
    const alerts = (await page.locator(".pf-v5-c-alert").allTextContents()).join(" | ");
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id), `the page's entries (alerts: ${alerts || "none"})`);
    assert.ok((await column(page, 7)).every((org) => org.split(", ").includes("Acme")));
    // The Team column shows where the scope has teams (Keycloak 26.6+: Acme's Platform), and only there.
    const teams = (await audit(acme, "facets")).teams ?? [];
    const headers = await page.locator('[data-testid="audit-table"] th').allTextContents();
    assert.equal(headers.includes("Team"), teams.length > 0, `headers ${headers} with teams ${JSON.stringify(teams)}`);
    assert.equal(await page.locator('[data-testid="nav-item-events"]').count(), 0, "no Keycloak admin pages");
    // The filters are there (so the next check can fail), only the organization filter is not.
    await page.locator('[data-testid="audit-filter-category-toggle"]').waitFor();
    assert.equal(await page.locator('[data-testid="audit-filter-organization-toggle"]').count(), 0, "no organization filter");
    assert.equal(await page.locator('[data-testid="audit-verify"]').count(), 0);
    assert.equal(await page.locator('[data-testid="audit-tab-settings"]').count(), 0);
    await screenshot(page, "08-organization-admin");
    // Globex's entries stay out of reach, even by filtering for them.
    const globex = (await audit(await token("auditor"), "facets")).organizations.find((o) => o.name === "Globex");
    await show(page, `organization=${globex.id}&actor=bob`);
    assert.equal(await page.locator('[data-testid="audit-empty"]').count(), 1);
    assert.equal(await rows(page).count(), 0);
    // Any other console page leads back to the Audit log.
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/users`);
    await page.waitForSelector('[data-testid="audit-title"]');
    assert.match(page.url(), /audit-log/);
    await context.close();
  });

  test("a member without the audit-admins group is told they have no access", async () => {
    const { context, page } = await login(browser, "alice");
    await page.waitForSelector('[data-testid="audit-denied"]');
    await context.close();
  });
});

describe("team admin", () => {
  test("sees only the Audit log, with exactly their team's entries; Acme's admin filters by team", async (t) => {
    const lead = await token("platform-lead");
    const me = await fetch(`${BASE}/admin/realms/${REALM}/audit-log/me`, { headers: { Authorization: `Bearer ${lead}` } });
    if (me.status === 403) {
      t.skip("this Keycloak has no organization groups, so no teams (docs/compatibility.md)");
      return;
    }
    const { context, page } = await loginToAuditLog(browser, "platform-lead");
    await settle(page);
    const api = await settledWithApi(page, lead);
    assert.ok(api.entries.length > 0, "platform-lead's own login at least");
    assert.deepEqual(await ids(page), api.entries.map((e) => e.id));
    assert.ok((await column(page, 7)).every((org) => org === "Acme"), "only their organization");
    assert.ok((await column(page, 8)).every((team) => team === "Platform"), "only their team");
    assert.match(await page.locator('[data-testid="audit-scope"]').textContent(), /Acme \(Platform\)/);
    assert.equal(await page.locator('[data-testid="nav-item-events"]').count(), 0, "no Keycloak admin pages");
    // The filters are there (so the next check can fail), only the organization filter is not.
    await page.locator('[data-testid="audit-filter-category-toggle"]').waitFor();
    assert.equal(await page.locator('[data-testid="audit-filter-organization-toggle"]').count(), 0, "no organization filter");
    assert.equal(await page.locator('[data-testid="audit-verify"]').count(), 0);
    await screenshot(page, "08b-team-admin");
    await context.close();

    // Acme's admin sees the team's entries among Acme's and narrows to them with the team filter.
    const acme = await token("acme-admin");
    const platform = (await audit(acme, "facets")).teams.find((tm) => tm.name === "Platform");
    assert.ok(platform, "Acme's admin is offered the team");
    const admin2 = await loginToAuditLog(browser, "acme-admin");
    await settle(admin2.page);
    await admin2.page.locator('[data-testid="audit-filter-team-toggle"]').waitFor({ timeout: 10000 });
    await show(admin2.page, `team=${platform.id}`);
    const teamApi = await audit(acme, `entries?max=20&team=${platform.id}&${week()}`);
    assert.deepEqual(await ids(admin2.page), teamApi.entries.map((e) => e.id));
    assert.ok((await column(admin2.page, 8)).every((team) => team.split(", ").includes("Platform")));
    await admin2.context.close();
  });
});

async function streamBytes(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function streamText(stream) {
  return (await streamBytes(stream)).toString("utf8");
}
