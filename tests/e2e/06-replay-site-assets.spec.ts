import { createHash } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { login, readE2EEnv } from "./helpers";
import {
  acceptLink,
  expectBadge,
  pressBadgeButton,
  queryDatabase,
  requestRecordingLink,
  ticketRecordings,
  useOperatorSite,
} from "./helpers/record-session";

const site = useOperatorSite();

const stage = (page: Page) => page.frameLocator('[data-testid="replay-stage"] iframe');

/** The customer accepts a link to `path` on the operator's site, in a browser context of their own. */
async function customerOn(browser: Browser, path: string) {
  const link = await requestRecordingLink(site.api, site.siteId, { startUrl: site.operator.url(path) });
  const context = await browser.newContext();
  const page = await context.newPage();
  const grants: string[] = [];
  page.on("framenavigated", (f) => {
    const grant = f === page.mainFrame() ? /glimpse=([\w-]+)/.exec(f.url())?.[1] : undefined;
    if (grant) grants.push(grant);
  });
  await acceptLink(page, link.url, site.operator, link.externalId);
  return { link, context, page, grants };
}

async function finish(customer: Awaited<ReturnType<typeof customerOn>>) {
  await pressBadgeButton(customer.page, "Finish");
  await expectBadge(customer.page, "Recording finished");
  const [recording] = await ticketRecordings(site.api, customer.link.ticketId);
  expect(recording?.status).toBe("finished");
  return recording!.id;
}

async function agentWatching(browser: Browser, recordingId: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, site.admin.email, site.admin.password);
  const cspRefused: string[] = [];
  context.on("requestfailed", (r) => {
    if (r.failure()?.errorText === "csp") cspRefused.push(r.url());
  });
  expect((await page.goto(`/recordings/${recordingId}`))?.status()).toBe(200);
  return { context, page, cspRefused };
}

test("a hash-routed app that rewrote the grant records, and its web font and CSS background image replay at the console's address", async ({ browser }) => {
  test.setTimeout(90_000);
  expect(new URL(readE2EEnv().GLIMPSE_BASE_URL).hostname).not.toBe("localhost");
  const customer = await customerOn(browser, "/spa");
  const shop = customer.page;
  // The router had already made "#glimpse=…" its route; the recorder took the grant off and told
  // the router, which now shows its home page at "#/".
  expect(customer.grants.length).toBeGreaterThan(0);
  await expect(shop.locator("#home")).toBeVisible();
  await expect(shop.locator("#not-found")).toHaveCount(0);
  expect(new URL(shop.url()).hash).toBe("#/");
  expect(shop.url()).not.toContain("glimpse");
  await shop.locator("#nav-orders").click();
  await expect(shop.locator("#orders")).toBeVisible();
  await shop.locator("#nav-home").click();
  await expect(shop.locator("#hero")).toBeVisible();
  await expect.poll(() => shop.evaluate(() => [...document.fonts].map((f) => f.status))).toEqual(["loaded"]);
  await shop.waitForTimeout(1000);
  const recordingId = await finish(customer);

  // The grant, once used, cannot start another recording, and the customer is told why: "already used" until the
  // retention sweep (5 s after the server starts, then every 5 minutes) deletes the spent grant, "not valid" after. This
  // spec, run first, met the first sweep between the two.
  const again = await customer.context.newPage();
  await again.goto(`${site.operator.url("/spa")}#glimpse=${customer.grants[0]}`);
  await expectBadge(again, /This recording could not be started: This recording grant (has already been used|is not valid)\./);
  const grantHash = createHash("sha256").update(customer.grants[0]!).digest("hex");
  // Still stored now, so stored when it was presented: then only "already used" is right.
  if (queryDatabase(`SELECT 1 FROM "Grant" WHERE "tokenHash" = ?`, grantHash).length > 0) {
    await expectBadge(again, "This recording could not be started: This recording grant has already been used.");
  }
  await expect(again.locator("#home")).toBeVisible();
  await customer.context.close();

  const fontsBefore = site.operator.hits("/assets/canary-sans.woff2");
  const imagesBefore = site.operator.hits("/assets/hero.png");
  const agent = await agentWatching(browser, recordingId);
  const replay = stage(agent.page);
  await expect(replay.locator("#hero")).toBeAttached();
  // The recorded @font-face and background come from the operator's origin, as recorded, and load.
  await expect
    .poll(() => replay.locator("html").evaluate(() => [...document.fonts].map((f) => `${f.family.replace(/"/g, "")}:${f.status}`)), { timeout: 15_000 })
    .toContain("Canary Sans:loaded");
  expect(await replay.locator("#hero").evaluate((el) => getComputedStyle(el).backgroundImage)).toBe(`url("${site.operator.origin}/assets/hero.png")`);
  await expect.poll(() => site.operator.hits("/assets/hero.png"), { timeout: 10_000 }).toBeGreaterThan(imagesBefore);
  expect(site.operator.hits("/assets/canary-sans.woff2")).toBeGreaterThan(fontsBefore);
  expect(agent.cspRefused.filter((u) => u.startsWith(site.operator.origin))).toEqual([]);
  // The operator's origin is allowed for fonts and images on this recording's page only.
  const csp = (await agent.page.request.get(`/recordings/${recordingId}`)).headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(new RegExp(`font-src [^;]*${site.operator.origin.replace(/[.:/]/g, "\\$&")}`));
  expect(csp).toMatch(new RegExp(`img-src data: blob: ${site.operator.origin.replace(/[.:/]/g, "\\$&")}`));
  const elsewhere = (await agent.page.request.get("/tickets")).headers()["content-security-policy"] ?? "";
  expect(elsewhere).not.toContain(site.operator.origin);
  await agent.context.close();
});

test("the player shows the whole recorded viewport, bottom edge included, and the hover where the pointer came to rest", async ({ browser }) => {
  test.setTimeout(90_000);
  const customer = await customerOn(browser, "/stage");
  const shop = customer.page;
  const box = async (selector: string) => (await shop.locator(selector).boundingBox())!;
  const left = await box("#left");
  const right = await box("#right");
  await shop.mouse.move(5, 5);
  await shop.waitForTimeout(300);
  // The move onto "right" comes within rrweb's 50 ms sampling window of the one onto "left".
  await shop.mouse.move(left.x + left.width / 2, left.y + left.height / 2);
  await shop.mouse.move(right.x + right.width / 2, right.y + right.height / 2);
  await shop.waitForTimeout(1500);
  const viewport = shop.viewportSize()!;
  const recordingId = await finish(customer);
  await customer.context.close();

  const agent = await agentWatching(browser, recordingId);
  const replay = stage(agent.page);
  await expect(replay.locator("#edge")).toBeAttached();
  await expect(replay.locator("#right")).toHaveClass(/:hover/, { timeout: 20_000 });
  await expect(replay.locator("#left")).not.toHaveClass(/:hover/);
  // The page's `.box:hover` rule, copied onto rrweb's hover class by the player (adapt-sheets-for-replay), paints it.
  await expect.poll(() => replay.locator("#right").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(51, 102, 204)");
  expect(await replay.locator("#left").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(221, 221, 221)");

  // The scaled frame fits inside the stage's border: nothing of the recording is cut off.
  const geometry = await agent.page.getByTestId("replay-stage").evaluate((stageEl) => {
    const frame = stageEl.querySelector("iframe")!.getBoundingClientRect();
    const rect = stageEl.getBoundingClientRect();
    return {
      frame: { width: frame.width, height: frame.height, bottom: frame.bottom, right: frame.right },
      inner: { bottom: rect.top + stageEl.clientTop + stageEl.clientHeight, right: rect.left + stageEl.clientLeft + stageEl.clientWidth },
    };
  });
  expect(geometry.frame.width / geometry.frame.height).toBeCloseTo(viewport.width / viewport.height, 2);
  expect(geometry.frame.bottom).toBeLessThanOrEqual(geometry.inner.bottom + 0.01);
  expect(geometry.frame.right).toBeLessThanOrEqual(geometry.inner.right + 0.01);
  expect(geometry.inner.bottom - geometry.frame.bottom).toBeLessThan(1.5);
  await agent.context.close();
});
