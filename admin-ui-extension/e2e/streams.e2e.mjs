// The Streams tab in a real browser, against a webhook receiver that ConsoleIT starts (JDK HttpServer):
//   RECEIVER_URL=http://127.0.0.1:<port>/hook RESULT_FILE=… node --test e2e/streams.e2e.mjs
// Not a *.test.mjs file: the page's other browser tests run without a receiver, this one only with one.
// The receiver answers 204 to every POST on /hook and lists what it received at GET /received; ConsoleIT checks
// afterwards that the test event is signed with the secret the page showed once (written to RESULT_FILE).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { token } from "./api.mjs";
import { BASE, REALM, launch, loginToAuditLog, screenshot } from "./browser.mjs";

const RECEIVER = process.env.RECEIVER_URL;
const RESULT_FILE = process.env.RESULT_FILE;
const RUN = Date.now().toString(36);
let browser;

async function streamsApi(userToken, method, path = "", body) {
  const response = await fetch(`${BASE}/admin/realms/${REALM}/audit-log/streams${path}`, {
    method,
    headers: { Authorization: `Bearer ${userToken}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const received = async () => (await fetch(RECEIVER.replace(/\/hook$/, "/received"))).json();

async function openStreamsTab(page) {
  await page.goto(`${BASE}/admin/${REALM}/console/#/${REALM}/audit-log/streams`);
  await page.waitForSelector('[data-testid="audit-streams"], [data-testid="audit-streams-empty"]');
}

const row = (page, name) => page.locator(`[data-testid="audit-stream-row"][data-name="${name}"]`);

/** Pause, resume, edit, replay and delete are in the row's menu. */
async function rowAction(page, name, action) {
  await row(page, name).locator('[data-testid="audit-stream-actions"]').click();
  await page.locator(`[data-testid="audit-stream-${action}"]`).click();
}

before(async () => {
  assert.ok(RECEIVER, "RECEIVER_URL is set (ConsoleIT starts the receiver)");
  browser = await launch();
});
after(async () => browser?.close());

describe("realm auditor", () => {
  test("creates a webhook stream, sees its secret once, sends a test event, pauses and deletes it", async () => {
    const { context, page } = await loginToAuditLog(browser, "auditor");
    const auditor = await token("auditor");
    const name = `e2e-webhook-${RUN}`;
    await openStreamsTab(page);

    // Create: a modal form; the server generates the signing secret and shows it in its answer only.
    await page.click('[data-testid="audit-stream-create"]');
    await page.fill('[data-testid="audit-stream-name"]', name);
    await page.selectOption('[data-testid="audit-stream-type"]', "webhook");
    await page.fill('[data-testid="audit-stream-url"]', RECEIVER);
    await page.fill('[data-testid="audit-stream-batchSize"]', "50");
    await page.click('[data-testid="audit-stream-save"]');
    await page.waitForSelector('[data-testid="audit-stream-secret-notice"]');
    const secret = await page.locator('[data-testid="audit-stream-secret"] input').inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/, "the generated secret is shown");
    await screenshot(page, "10-stream-secret");
    await page.click('[data-testid="audit-stream-secret-done"]');
    await row(page, name).waitFor();
    const id = await row(page, name).getAttribute("data-stream-id");
    assert.equal(await row(page, name).locator('[data-testid="audit-stream-destination"]').textContent(), RECEIVER);
    const stored = (await streamsApi(auditor, "GET", `/${id}`)).body;
    assert.equal(stored.batchSize, 50);
    assert.equal(stored.secret, undefined, "the API never shows the secret again");
    assert.ok(stored.secretSet);
    // Never again on the page either, after a reload.
    await openStreamsTab(page);
    assert.equal(await page.getByText(secret).count(), 0, "the secret is not on the page after it was closed");
    assert.ok(!(await page.content()).includes(secret));

    // Test event: the receiver's answer is shown, and the event is at the receiver.
    await row(page, name).locator('[data-testid="audit-stream-test"]').click();
    const result = page.locator('[data-testid="audit-stream-test-result"]');
    await result.waitFor();
    assert.equal(await result.getAttribute("data-ok"), "true", await result.textContent());
    assert.equal((await page.locator('[data-testid="audit-stream-test-status"]').textContent()).trim(), "204");
    const entryId = (await page.locator('[data-testid="audit-stream-test-entry"]').textContent()).trim();
    const bodies = await received();
    const testEvent = bodies.find((b) => b.type === "audit.test");
    assert.ok(testEvent, `the test event reached the receiver: ${JSON.stringify(bodies).slice(0, 500)}`);
    assert.deepEqual(testEvent.entries.map((e) => e.id), [entryId]);
    assert.equal(testEvent.entries[0].action, "audit.stream.tested");
    await screenshot(page, "11-stream-test");
    await page.click('[data-testid="audit-stream-test-close"]');
    if (RESULT_FILE) writeFileSync(RESULT_FILE, JSON.stringify({ secret, entryId, id }));

    // The details list the last delivery attempts, the test among them.
    await row(page, name).locator('[data-testid="audit-stream-expand"] button').click();
    await page.waitForSelector('[data-testid="audit-stream-attempt"]');
    assert.ok((await page.locator('[data-testid="audit-stream-attempt"][data-ok="true"]').count()) >= 1);

    // Pause: the state shows PAUSED, here and in the API.
    await rowAction(page, name, "pause");
    await page.waitForSelector(`[data-testid="audit-stream-row"][data-name="${name}"][data-state="PAUSED"]`);
    assert.equal((await row(page, name).locator('[data-testid="audit-stream-state"]').textContent()).trim(), "Paused");
    assert.equal((await streamsApi(auditor, "GET", `/${id}`)).body.status.state, "PAUSED");
    assert.equal((await streamsApi(auditor, "GET", `/${id}`)).body.secretSet, true, "pausing kept the secret");
    await screenshot(page, "12-streams");

    // Edit: the form starts from the stream, its secret blank (kept); a PUT changes the batch size only.
    await rowAction(page, name, "edit");
    assert.equal(await page.locator('[data-testid="audit-stream-name"]').inputValue(), name);
    assert.equal(await page.locator('[data-testid="audit-stream-url"]').inputValue(), RECEIVER);
    await page.fill('[data-testid="audit-stream-batchSize"]', "25");
    await page.click('[data-testid="audit-stream-save"]');
    await page.locator('[data-testid="audit-stream-form"]').waitFor({ state: "detached" });
    const edited = (await streamsApi(auditor, "GET", `/${id}`)).body;
    assert.equal(edited.batchSize, 25);
    assert.equal(edited.paused, true, "still paused");
    assert.equal(edited.secretSet, true, "the secret was kept");

    // Replay from a time (an hour ago by default).
    await rowAction(page, name, "replay");
    await page.click('[data-testid="audit-stream-replay-confirm"]');
    await page.getByText(`Stream ${name} replays`).waitFor();

    // Delete, after confirming.
    await rowAction(page, name, "delete");
    await page.click('[data-testid="audit-stream-delete-confirm"]');
    await row(page, name).waitFor({ state: "detached" });
    assert.equal((await streamsApi(auditor, "GET", `/${id}`)).status, 404);
    await context.close();
  });

  test("a refused field is named in the form", async () => {
    const { context, page } = await loginToAuditLog(browser, "auditor");
    await openStreamsTab(page);
    await page.click('[data-testid="audit-stream-create"]');
    await page.fill('[data-testid="audit-stream-name"]', `e2e-bad-${RUN}`);
    await page.fill('[data-testid="audit-stream-url"]', "ftp://example.com/x");
    await page.click('[data-testid="audit-stream-save"]');
    await page.waitForSelector('[data-testid="audit-stream-field-error"]');
    assert.match(await page.locator('[data-testid="audit-stream-field-error"]').textContent(), /url/);
    await context.close();
  });
});

describe("organization admin", () => {
  test("sees only their organization's streams", async () => {
    const auditor = await token("auditor");
    const acmeAdmin = await token("acme-admin");
    const me = await (await fetch(`${BASE}/admin/realms/${REALM}/audit-log/me`, { headers: { Authorization: `Bearer ${auditor}` } })).json();
    assert.ok(me.realmWide);
    const facets = await (await fetch(`${BASE}/admin/realms/${REALM}/audit-log/facets`, { headers: { Authorization: `Bearer ${auditor}` } })).json();
    const globex = facets.organizations.find((o) => o.name === "Globex");
    assert.ok(globex, "the demo realm has Globex");
    const theirs = await streamsApi(acmeAdmin, "POST", "", { name: `e2e-acme-${RUN}`, type: "webhook", url: RECEIVER, paused: true });
    const others = await streamsApi(auditor, "POST", "", {
      name: `e2e-globex-${RUN}`, type: "webhook", url: RECEIVER, paused: true, filter: { organizations: [globex.id] },
    });
    const realmWide = await streamsApi(auditor, "POST", "", { name: `e2e-realm-${RUN}`, type: "webhook", url: RECEIVER, paused: true });
    assert.deepEqual([theirs.status, others.status, realmWide.status], [201, 201, 201]);
    try {
      const { context, page } = await loginToAuditLog(browser, "acme-admin");
      await openStreamsTab(page);
      await row(page, `e2e-acme-${RUN}`).waitFor();
      const names = await page.locator('[data-testid="audit-stream-row"]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-name")));
      assert.ok(!names.includes(`e2e-globex-${RUN}`), "another organization's stream is not listed");
      assert.ok(!names.includes(`e2e-realm-${RUN}`), "a realm-wide stream is not listed");
      const api = (await streamsApi(acmeAdmin, "GET")).body.map((s) => s.name);
      assert.deepEqual(names.sort(), api.sort(), "the page lists what the API lets them see");
      // Replay by time only: sequence numbers are realm-wide.
      await rowAction(page, `e2e-acme-${RUN}`, "replay");
      await page.waitForSelector("#audit-stream-replay-by-time");
      assert.equal(await page.locator("#audit-stream-replay-by-seq").count(), 0);
      await screenshot(page, "13-streams-organization-admin");
      await context.close();
    } finally {
      for (const s of [theirs, others, realmWide]) await streamsApi(auditor, "DELETE", `/${s.body.id}`);
    }
  });
});
