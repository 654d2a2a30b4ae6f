import { expect, test } from "@playwright/test";
import {
  acceptLink,
  badgeText,
  expectBadge,
  pressBadgeButton,
  requestRecordingLink,
  storedEvents,
  ticketRecordings,
  watchUploads,
  useOperatorSite,
} from "./helpers/record-session";

const site = useOperatorSite();

type TEvent = { type: number; data: any; timestamp: number };
const stops = (events: TEvent[]) => events.filter((e) => e.type === 5 && e.data.tag === "glimpse/stopped").map((e) => e.data.payload.reason);

test("the snippet in <head> of a large streamed page: the parser's insertions are not mutations, and the page is recorded", async ({ page }) => {
  const link = await requestRecordingLink(site.api, site.siteId, { startUrl: site.operator.url("/big") });
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect(page.locator("#end")).toBeAttached({ timeout: 15_000 });
  await page.waitForLoadState("load");
  await page.locator("tr").nth(10).locator("input").check();
  await page.waitForTimeout(500);
  await expectBadge(page, `Recording for support ticket #${link.externalId}`);
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  const { events } = await storedEvents(site.api, recording!.id);
  expect(stops(events)).toEqual([]);
  const snapshot = events.find((e) => e.type === 2);
  expect(snapshot).toBeDefined();
  expect(JSON.stringify(snapshot).match(/"tagName":"tr"/g)?.length).toBe(4000);
  // Recording went on after the page loaded: the click on a row's checkbox.
  expect(events.some((e) => e.type === 3 && e.data.source === 2 && e.timestamp > snapshot!.timestamp)).toBe(true);
});

test("one 'toggle all' on a 2,000-item list (10,000 changes at once) does not stop the recording", async ({ page }) => {
  const link = await requestRecordingLink(site.api, site.siteId, { startUrl: site.operator.url("/todo") });
  const watch = watchUploads(page);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => watch.acked.size).toBeGreaterThan(0);
  await page.locator("#toggle-all").click();
  await expect(page.locator("#toggle-all")).toHaveAttribute("data-toggled", "yes");
  await expect(page.locator("#tasks li.done")).toHaveCount(2000);
  await page.waitForTimeout(1500);
  expect(await badgeText(page)).toContain(`Recording for support ticket #${link.externalId}`);
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  const { events } = await storedEvents(site.api, recording!.id);
  expect(stops(events)).toEqual([]);
  const changed = events.filter((e) => e.type === 3 && e.data.source === 0).reduce((n, e) => n + (e.data.attributes?.length ?? 0), 0);
  expect(changed).toBeGreaterThanOrEqual(2000);
});

test("a full sessionStorage: the customer is told, and the recording is uploaded and finished instead of ending silently", async ({ page }) => {
  const link = await requestRecordingLink(site.api, site.siteId);
  const watch = watchUploads(page);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => watch.acked.size).toBeGreaterThan(0);
  // The operator's own page fills the tab's storage to the last character.
  await page.evaluate(() => {
    let i = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      const value = "x".repeat(size);
      try {
        for (;;) sessionStorage.setItem(`operator-cache-${i++}`, value);
      } catch {
        // full at this size: try a smaller one
      }
    }
  });
  const filledAt = Date.now();
  await page.locator("#stock").click();
  await expect(page.locator("#stock-result")).toHaveText("Stock: 503");
  await expectBadge(page, "storage for the site is full");
  await expectBadge(page, "What was recorded is saved for your support ticket.");

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(recording!.status).toBe("finished");
  const { events } = await storedEvents(site.api, recording!.id);
  expect(stops(events)).toEqual(["storage_full"]);
  // What happened after storage filled up was uploaded too: the click on "Check stock".
  expect(events.some((e) => e.type === 3 && e.data.source === 2 && e.timestamp >= filledAt - 1000)).toBe(true);
  // The next page of the tab starts no recording and shows nothing stale.
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await page.waitForTimeout(1000);
  expect(await badgeText(page)).toBe("");
});

test("a still page says it is alive once a minute, so a customer who is only reading is not ended as a dead tab", async ({ page }) => {
  await page.clock.install();
  const link = await requestRecordingLink(site.api, site.siteId);
  const watch = watchUploads(page);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => watch.acked.size).toBeGreaterThan(0);
  await watch.settled();
  const before = watch.uploads.length;
  // 70 s of a page nobody touches.
  for (let i = 0; i < 14; i++) await page.clock.runFor(5_000);
  await expect.poll(() => watch.acked.size).toBeGreaterThan(before);
  await watch.settled();
  const alive = (events: TEvent[]) => events.filter((e) => e.type === 5 && e.data.tag === "glimpse/alive");
  expect(alive(watch.uploads.slice(before).flatMap((u) => u.events)).length).toBeGreaterThan(0);

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(alive((await storedEvents(site.api, recording!.id)).events).length).toBeGreaterThan(0);
});
