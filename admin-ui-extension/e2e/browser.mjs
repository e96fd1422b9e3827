// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core (no browser download), and a
// real login through Keycloak's login page.
import { chromium } from "playwright-core";

export const BASE = process.env.KC_URL ?? "http://localhost:8080";
export const REALM = process.env.KC_REALM ?? "demo";
export const PASSWORD = process.env.KC_PASSWORD ?? "demo";
export const SCREENSHOTS = process.env.SCREENSHOTS;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** A fresh browser context logged in to the realm's admin console as `username`, on the Audit log page. */
export async function loginToAuditLog(browser, username, { realm = REALM } = {}) {
  const { context, page } = await login(browser, username, { realm });
  await page.waitForSelector('[data-testid="audit-title"]');
  return { context, page };
}

/** Through Keycloak's login page to the console's Audit log URL, whatever the page then shows. */
export async function login(browser, username, { realm = REALM } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${BASE}/admin/${realm}/console/#/${realm}/audit-log`);
  await page.fill("#username", username);
  // Organizations on: the login asks for the username first, then the password.
  if ((await page.locator("#password").count()) === 0) {
    await page.click("#kc-login");
    await page.waitForSelector("#password");
  }
  await page.fill("#password", PASSWORD);
  await page.click("#kc-login");
  return { context, page };
}

export async function screenshot(page, name) {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}
