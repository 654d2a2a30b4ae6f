import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { apiClient, createAgentAndApiKey, login, type TSeededUser } from "./helpers";
import { acceptLink, expectBadge, pressBadgeButton, requestRecordingLink, ticketRecordings, useOperatorSite } from "./helpers/record-session";

// Balanced, so that the stock check's answer is recorded visible: the replay shows it only after it happened.
const site = useOperatorSite({ privacyPreset: "balanced" });

const frame = (page: Page) => page.frameLocator('[data-testid="replay-stage"] iframe');
const playerOffset = async (page: Page) => Number(await page.getByTestId("player-time").getAttribute("data-offset"));
const rowOffset = async (row: Locator) => Number(await row.getAttribute("data-offset"));
const clock = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, "0")}`;
const ceilSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;

/**
 * A customer who waits, runs the failing stock check ("Stock: 503" on the page, a console error and a
 * failed request), waits again and, unless `keepLive`, finishes.
 */
async function recordStockCheck(browser: Browser, opts: { keepLive?: boolean } = {}) {
  const requester = createAgentAndApiKey();
  const api = await apiClient(requester.key);
  const link = await requestRecordingLink(api, site.siteId);
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  await acceptLink(shop, link.url, site.operator, link.externalId);
  await shop.waitForTimeout(3000);
  await shop.locator("#stock").click();
  await expect(shop.locator("#stock-result")).toHaveText("Stock: 503");
  for (let i = 0; i < 6; i++) {
    await shop.mouse.move(100 + i * 40, 200);
    await shop.waitForTimeout(500);
  }
  if (!opts.keepLive) {
    await pressBadgeButton(shop, "Finish");
    await expectBadge(shop, "Recording finished");
  }
  const [recording] = await ticketRecordings(api, link.ticketId);
  return { requester, api, customer, shop, recordingId: recording!.id };
}

async function signedIn(browser: Browser, user: TSeededUser, permissions: string[] = []) {
  const context = await browser.newContext();
  if (permissions.length) await context.grantPermissions(permissions);
  const page = await context.newPage();
  await login(page, user.email, user.password);
  return { context, page };
}

/** The player opened from a link: paused at the moment, the clock showing it. */
async function expectPausedAt(page: Page, offset: number) {
  await expect(page.getByTestId("player-time")).toHaveAttribute("data-offset", String(offset));
  await expect(page.getByTestId("player-time")).toHaveText(new RegExp(`^${clock(offset)} /`));
  await expect(page.getByRole("button", { name: "Play" })).toBeEnabled();
  await expect(page.getByRole("slider", { name: "Seek" })).toHaveAttribute("aria-valuetext", new RegExp(`^${clock(offset)} of `));
}

test("?t= opens the player paused at that moment; copied links and row links round-trip to their moments", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { requester, api, customer, recordingId } = await recordStockCheck(browser);
  await customer.close();
  const { context, page } = await signedIn(browser, requester, ["clipboard-read", "clipboard-write"]);

  // Before the stock check: the button is there, its answer is not yet, and the player stays still.
  await page.goto(`/recordings/${recordingId}?t=1s`);
  await expect(frame(page).locator("#stock")).toBeAttached();
  await expectPausedAt(page, 1000);
  await expect(frame(page).locator("#stock-result")).toHaveText("");
  await page.waitForTimeout(1500);
  expect(await playerOffset(page)).toBe(1000);

  // The console error's link gives the first whole second after it: the replay shows its outcome.
  const tabs = page.getByRole("tablist", { name: "Recording details" });
  await tabs.getByRole("tab", { name: /Console/ }).click();
  const consoleItem = page.getByTestId("panel-console").locator("li").first();
  const errorAt = await rowOffset(consoleItem.getByTestId("console-row"));
  expect(errorAt).toBeGreaterThan(2000);
  const consoleLink = consoleItem.getByRole("link", { name: `Link to ${clock(ceilSecond(errorAt))}` });
  const consoleHref = await consoleLink.getAttribute("href");
  expect(consoleHref).toBe(`/recordings/${recordingId}?t=${Math.ceil(errorAt / 1000)}s`);

  const fromRow = await context.newPage();
  await fromRow.goto(consoleHref!);
  await expectPausedAt(fromRow, ceilSecond(errorAt));
  await expect(frame(fromRow).locator("#stock-result")).toHaveText("Stock: 503");
  await fromRow.getByRole("tablist", { name: "Recording details" }).getByRole("tab", { name: /Console/ }).click();
  await expect(fromRow.getByTestId("panel-console").getByTestId("console-row").first()).toHaveAttribute("aria-current", "true");
  await fromRow.close();

  // A plain click on a row's link seeks here and puts the link in the address bar; the row itself still seeks to its exact time.
  await consoleLink.click();
  await expect(page).toHaveURL(`${baseURL}${consoleHref}`);
  await expect.poll(() => playerOffset(page)).toBe(ceilSecond(errorAt));
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  await tabs.getByRole("tab", { name: /Network/ }).click();
  const networkRow = page.getByTestId("panel-network").getByTestId("network-row").first();
  await networkRow.click();
  await expect.poll(() => playerOffset(page)).toBe(await rowOffset(networkRow));

  // Markers link the same way.
  await tabs.getByRole("tab", { name: /Timeline/ }).click();
  const errorMarker = page.getByTestId("marker-list").locator("li", { has: page.locator('[data-kind="console-error"]') });
  const markerAt = await rowOffset(errorMarker.locator("button"));
  await expect(errorMarker.getByRole("link")).toHaveAttribute("href", `/recordings/${recordingId}?t=${Math.ceil(markerAt / 1000)}s`);

  // "Copy link to this moment", through the clipboard, after stepping 5 s on from a link.
  await page.goto(`/recordings/${recordingId}?t=1s`);
  await expectPausedAt(page, 1000);
  await page.locator("h1").click();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => playerOffset(page)).toBe(6000);
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  await expect(page.getByTestId("moment-copy-status")).toHaveText("Link to 0:06 copied.");
  await expect(page.getByTestId("moment-link-field")).toHaveCount(0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${baseURL}/recordings/${recordingId}?t=6s`);
  const roundTrip = await context.newPage();
  await roundTrip.goto(copied);
  await expectPausedAt(roundTrip, 6000);
  await expect(frame(roundTrip).locator("#stock-result")).toHaveText("Stock: 503");
  await roundTrip.close();

  // Without the clipboard API (what a page served over plain http from a non-local address gets):
  // the link is shown in a field, selected, and copied the older way.
  const plain = await browser.newContext();
  await plain.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true }));
  const noClipboard = await plain.newPage();
  await login(noClipboard, requester.email, requester.password);
  await noClipboard.goto(`/recordings/${recordingId}?t=2s`);
  await expectPausedAt(noClipboard, 2000);
  expect(await noClipboard.evaluate(() => typeof navigator.clipboard)).toBe("undefined");
  await noClipboard.getByRole("button", { name: "Copy link to this moment" }).click();
  const field = noClipboard.getByTestId("moment-link-field");
  const expected = `${baseURL}/recordings/${recordingId}?t=2s`;
  await expect(field).toHaveValue(expected);
  await expect(field).toBeFocused();
  expect(await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, expected.length]);
  await expect(noClipboard.getByTestId("moment-copy-status")).toHaveText(/^(Link to 0:02 copied\.|Press Ctrl\+C \(⌘C\) to copy the link to 0:02\.)$/);
  const copiedTheOldWay = (await noClipboard.getByTestId("moment-copy-status").textContent())?.includes("copied") ?? false;
  test.info().annotations.push({ type: "fallback copied with execCommand", description: String(copiedTheOldWay) });
  if (copiedTheOldWay) {
    // It says copied only when it was: the browser's clipboard holds the link.
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  }
  await noClipboard.getByRole("button", { name: "Close the link" }).click();
  await expect(field).toHaveCount(0);

  await plain.close();
  await context.close();
  await api.dispose();
});

test("a moment link survives signing in; a bad or late t opens at the start or the end; an outsider is refused the same as without t", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const { requester, api, customer, recordingId } = await recordStockCheck(browser);
  await customer.close();

  // Signed out: the sign-in keeps the moment and lands on it.
  const anon = await browser.newContext();
  const page = await anon.newPage();
  await page.goto(`/recordings/${recordingId}?t=4s`);
  await expect(page).toHaveURL(`${baseURL}/login?callbackUrl=${encodeURIComponent(`/recordings/${recordingId}?t=4s`)}`);
  await page.getByLabel("Email").fill(requester.email);
  await page.getByLabel("Password").fill(requester.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/recordings/${recordingId}?t=4s`);
  await expectPausedAt(page, 4000);
  await expect(frame(page).locator("#stock-result")).toHaveText("Stock: 503");

  // Unreadable: the ordinary start, playing from the beginning.
  const bad = await page.goto(`/recordings/${recordingId}?t=soon`);
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(frame(page).locator("#stock")).toBeAttached();
  expect(await playerOffset(page)).toBeLessThan(3000);

  // Beyond the end: paused at the end.
  const late = await page.goto(`/recordings/${recordingId}?t=2h`);
  expect(late?.status()).toBe(200);
  const duration = Number(await page.getByRole("slider", { name: "Seek" }).getAttribute("max"));
  expect(duration).toBeGreaterThan(5000);
  await expectPausedAt(page, duration);
  await expect(frame(page).locator("#stock-result")).toHaveText("Stock: 503");
  await anon.close();

  // An agent who may not watch it: the same 404, with or without t.
  const outsider = await signedIn(browser, createAgentAndApiKey());
  const without = await outsider.page.goto(`/recordings/${recordingId}`);
  const withT = await outsider.page.goto(`/recordings/${recordingId}?t=4s`);
  expect([without?.status(), withT?.status()]).toEqual([404, 404]);
  await expect(outsider.page.getByTestId("replay-stage")).toHaveCount(0);
  await outsider.context.close();
  await api.dispose();
});

test("live: t replays what has arrived so far, held at that moment, and the agent can switch to the live view", async ({ browser }) => {
  test.setTimeout(90_000);
  const { requester, api, customer, shop, recordingId } = await recordStockCheck(browser, { keepLive: true });
  // The stock check's batch is stored before the agent opens the link.
  type TStored = { recording: { firstEventAt: number; lastEventAt: number; markers: { kind: string; timestamp: number }[] } };
  const stored = async () => ((await (await api.get(`/api/v1/recordings/${recordingId}`)).json()) as TStored).recording;
  const storedAfterError = async () => {
    const r = await stored();
    const error = r.markers.find((m) => m.kind === "console-error");
    return error ? r.lastEventAt - error.timestamp : -1;
  };
  await expect.poll(storedAfterError, { timeout: 20_000 }).toBeGreaterThan(1500);
  const r = await stored();
  const at = ceilSecond(r.markers.find((m) => m.kind === "console-error")!.timestamp - r.firstEventAt);
  const { context, page } = await signedIn(browser, requester);

  await page.goto(`/recordings/${recordingId}?t=${at / 1000}s`);
  await expect(page.getByTestId("live-moment")).toContainText("still live");
  await expectPausedAt(page, at);
  await expect(frame(page).locator("#stock-result")).toHaveText("Stock: 503");
  // The page's own refreshes while live do not restart the replay.
  await page.waitForTimeout(6000);
  expect(await playerOffset(page)).toBe(at);

  // Past what has arrived: paused at the latest moment there is.
  await page.goto(`/recordings/${recordingId}?t=2h`);
  await expect(page.getByTestId("live-moment")).toContainText("still live");
  const arrived = Number(await page.getByRole("slider", { name: "Seek" }).getAttribute("max"));
  expect(arrived).toBeGreaterThan(at);
  await expectPausedAt(page, arrived);

  await page.getByRole("button", { name: "Watch live" }).click();
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
  await expect(page).toHaveURL(new RegExp(`/recordings/${recordingId}$`));

  await pressBadgeButton(shop, "Finish");
  await expectBadge(shop, "Recording finished");
  await customer.close();
  await context.close();
  await api.dispose();
});
