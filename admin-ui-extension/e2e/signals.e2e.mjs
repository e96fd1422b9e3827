// The Signals tab and the signal settings in a real browser, on a signal ConsoleIT made happen for real (five wrong
// passwords of one user at Keycloak's token endpoint):
//   SIGNAL_ID=<the signal entry's id> RESULT_FILE=… node --test e2e/signals.e2e.mjs
// Not a *.test.mjs file: the page's other browser tests run without a signal, this one only with one. ConsoleIT
// checks afterwards that the entries the page showed (written to RESULT_FILE) are exactly the signal's triggers.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { audit, ensureUserWithRoles, token } from "./api.mjs";
import { BASE, REALM, launch, loginToAuditLog, screenshot } from "./browser.mjs";

const SIGNAL_ID = process.env.SIGNAL_ID;
const RESULT_FILE = process.env.RESULT_FILE;
let browser;

/** The English bundle, for the labels the page must show (our files use plain `key=value` lines, UTF-8). */
const en = new Map(
  readFileSync(new URL("../src/main/resources/theme/audit-log/admin/messages/messages_en.properties", import.meta.url), "utf8")
    .split("\n").filter((l) => l && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);

const hashParams = (page) => new URLSearchParams(new URL(page.url()).hash.split("?")[1] ?? "");
const signalRows = (page) => page.locator('[data-testid="audit-signal-row"]');
const signalIds = (page) => signalRows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-entry-id")));
const entryIds = (page) =>
  page.locator('[data-testid="audit-row"]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-entry-id")));
const week = () => `from=${Date.now() - 7 * 86400000}`;

/** Waits until the Signals tab finished more loads than `done` (a refresh shows the same view again). */
async function signalsLoaded(page, done = 0) {
  await page.waitForFunction((n) => {
    const tab = document.querySelector('[data-testid="audit-signals"]');
    return tab && tab.getAttribute("aria-busy") === "false" && Number(tab.getAttribute("data-loads")) > n;
  }, done);
}

/** Waits until the Entries tab shows the view in the URL (it marks what it shows with data-view). */
async function entriesSettled(page) {
  await page.waitForFunction(() => {
    const shown = document.querySelector('[data-testid="audit-entries"]')?.getAttribute("data-view");
    const wanted = new URLSearchParams(location.hash.split("?")[1] ?? "").toString();
    return shown !== null && shown !== undefined && new URLSearchParams(shown).toString() === wanted;
  });
}

before(async () => {
  assert.ok(SIGNAL_ID, "SIGNAL_ID is set (ConsoleIT makes the signal happen)");
  browser = await launch();
});
after(async () => browser?.close());

describe("realm auditor", () => {
  test("the Signals tab lists the API's signals, and a signal leads to exactly its triggering entries", async () => {
    const auditor = await token("auditor");
    const signal = await audit(auditor, `entries/${SIGNAL_ID}`);
    const details = signal.details;
    assert.equal(signal.category, "security");
    assert.equal(signal.action, `signal.${details.rule}`);
    const { context, page } = await loginToAuditLog(browser, "auditor");
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log/signals`);
    await signalsLoaded(page);

    // The tab holds the API's signals of the last 7 days, newest first. A rule may raise one more in between (the
    // browser's login is a new device): then the refresh button shows the API's newer answer.
    for (let attempt = 1; ; attempt++) {
      const expected = (await audit(auditor, `entries?category=security&max=20&${week()}`)).entries.map((e) => e.id);
      const shown = await signalIds(page);
      if (attempt === 3 || JSON.stringify(shown) === JSON.stringify(expected)) {
        assert.deepEqual(shown, expected);
        break;
      }
      const loads = Number(await page.locator('[data-testid="audit-signals"]').getAttribute("data-loads"));
      await page.click('[data-testid="audit-signals-refresh"]');
      await signalsLoaded(page, loads);
    }

    // The signal's row: rule, severity, subject and count as the API has them.
    const row = page.locator(`[data-testid="audit-signal-row"][data-entry-id="${SIGNAL_ID}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-rule"), details.rule);
    assert.equal(await row.getAttribute("data-severity"), details.severity);
    const cell = async (id) => (await row.locator(`[data-testid="audit-signal-${id}"]`).textContent()).trim();
    assert.equal(await cell("rule"), en.get(`auditSignalRule_${details.rule}`));
    assert.equal(await cell("severity"), en.get(`auditSeverity_${details.severity}`));
    const type = en.get(`auditResourceType_${signal.resource.type}`) ?? signal.resource.type;
    assert.equal(await cell("subject"), `${type} · ${signal.resource.name ?? signal.resource.id}`);
    assert.equal(await cell("count"), String(details.count));
    const shownRow = { rule: await cell("rule"), severity: await cell("severity"), subject: await cell("subject"), count: await cell("count") };
    await screenshot(page, "14-signals");

    // "Show triggering entries": the Entries tab with exactly the triggers, over their time span, as a chip.
    await row.locator('[data-testid="audit-signal-triggers"]').click();
    await page.waitForFunction(() => new URLSearchParams(location.hash.split("?")[1] ?? "").has("id"));
    await entriesSettled(page);
    const params = hashParams(page);
    assert.deepEqual(params.getAll("id").flatMap((v) => v.split(",")).sort(), [...details.triggers].sort());
    assert.equal(params.get("range"), "custom");
    assert.equal(new Date(params.get("from")).getTime(), details.firstTime);
    assert.equal(new Date(params.get("to")).getTime(), details.lastTime + 1);
    const chip = page.locator('[data-testid="audit-chip-signal"]');
    assert.equal(Number(await chip.getAttribute("data-count")), details.triggers.length);
    assert.match(await chip.textContent(), new RegExp(`Triggering entries of a signal \\(${details.triggers.length}\\)`));
    const shown = await entryIds(page);
    assert.deepEqual([...shown].sort(), [...details.triggers].sort(), "the table holds exactly the signal's triggers");
    const api = await audit(auditor,
      `entries?id=${details.triggers.join(",")}&from=${details.firstTime}&to=${details.lastTime + 1}&max=100`);
    assert.deepEqual(shown, api.entries.map((e) => e.id), "in the API's order");
    await screenshot(page, "15-signal-triggers");
    if (RESULT_FILE) writeFileSync(RESULT_FILE, JSON.stringify({ shown, row: shownRow }));

    // Removing the chip drops the ids, and only them.
    await chip.locator("button").click();
    await page.waitForFunction(() => !new URLSearchParams(location.hash.split("?")[1] ?? "").has("id"));
    await entriesSettled(page);
    assert.equal(await chip.count(), 0);
    assert.equal(hashParams(page).get("range"), "custom");

    // The chart of the default view marks the signals of its range, as the API counts them.
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log`);
    await entriesSettled(page);
    const chart = page.locator('[data-testid="audit-histogram"]');
    await page.waitForFunction(() => {
      const drawn = document.querySelector('[data-testid="audit-histogram"]')?.getAttribute("data-query");
      // the last 7 days' chart, not the one of the custom range before
      return drawn && Number(new URLSearchParams(drawn).get("from")) < Date.now() - 6 * 86400000
        && document.querySelector('[data-testid="audit-histogram"] svg');
    });
    const drawn = new URLSearchParams(await chart.getAttribute("data-query"));
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const marked = await audit(auditor, `entries/histogram?category=security&from=${drawn.get("from")}&to=${drawn.get("to")}&zone=${encodeURIComponent(zone)}`);
    assert.ok(marked.total > 0, "the signal is in the default view's range");
    assert.equal(Number(await chart.getAttribute("data-signals")), marked.total);
    await context.close();
  });
});

describe("event manager", () => {
  test("sets a rule's threshold in the Security signals section, and a refused one is shown at its field", async () => {
    await ensureUserWithRoles("e2e-settings-admin", ["view-events", "manage-events"]);
    const manager = await token("e2e-settings-admin");
    const before = (await audit(manager, "config")).signals;
    const original = before.rules["mass-deletion"].threshold;
    const { context, page } = await loginToAuditLog(browser, "e2e-settings-admin");
    await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log/settings`);
    const section = page.locator('[data-testid="audit-settings-signals"]');
    await section.waitFor();

    // Every rule of the API, switched as the API has it; the master switch too.
    const rules = await page.locator('[data-testid="audit-setting-signal"]').evaluateAll((gs) => gs.map((g) => g.getAttribute("data-rule")));
    assert.deepEqual([...rules].sort(), Object.keys(before.rules).sort());
    for (const [rule, settings] of Object.entries(before.rules)) {
      assert.equal(await page.locator(`#audit-setting-signal-${rule}`).isChecked(), settings.enabled, rule);
    }
    assert.equal(await page.locator("#audit-setting-signals-enabled").isChecked(), before.enabled);
    assert.equal(await page.locator("#audit-setting-signals-timeZone").inputValue(), before.businessHours.timeZone);

    const save = async () => {
      await page.click('[data-testid="audit-settings-save"]');
    };
    const input = page.locator('input[name="signals.rules.mass-deletion.threshold"]');
    assert.equal(await input.inputValue(), String(original));
    await input.fill(String(original + 1));
    await save();
    await page.getByText("Audit settings saved").waitFor();
    const saved = (await audit(manager, "config")).signals;
    assert.equal(saved.rules["mass-deletion"].threshold, original + 1);
    assert.deepEqual({ ...saved, rules: { ...saved.rules, "mass-deletion": before.rules["mass-deletion"] } }, before,
      "nothing else of the signal settings changed");
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "16-signal-settings");

    // Beyond the limit (1000): the API's refusal is shown at the rule's field.
    await input.fill("5000");
    await save();
    await page.locator('[data-testid="audit-setting-signal"][data-rule="mass-deletion"] .pf-v5-c-helper-text__item.pf-m-error').waitFor();
    assert.equal((await audit(manager, "config")).signals.rules["mass-deletion"].threshold, original + 1, "nothing was stored");

    await input.fill(String(original));
    await save();
    await page.getByText("Audit settings saved").waitFor();
    assert.deepEqual((await audit(manager, "config")).signals, before);
    await context.close();
  });
});
