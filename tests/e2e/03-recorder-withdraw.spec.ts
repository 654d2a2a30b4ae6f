import { expect, test, type Page } from "@playwright/test";
import { readE2EEnv } from "./helpers";
import {
  acceptLink,
  expectBadge,
  pressBadgeButton,
  queryDatabase,
  requestRecordingLink,
  storedEvents,
  ticketRecordings,
  typeSecrets,
  watchUploads,
  useOperatorSite,
} from "./helpers/record-session";

const site = useOperatorSite();

type TRow = { status: string; hasKey: number; hasToken: number; chunks: number; purgeReason: string | null };
const stored = (recordingId: string) =>
  queryDatabase<TRow>(
    `SELECT r.status, r.wrappedKey IS NOT NULL AS hasKey, r.uploadTokenHash IS NOT NULL AS hasToken, r.purgeReason,
       (SELECT COUNT(*) FROM Chunk c WHERE c.recordingId = r.id) AS chunks
     FROM Recording r WHERE r.id = ?`,
    recordingId,
  )[0];
const linkStatus = async (linkId: string) => ((await (await site.api.get(`/api/v1/links/${linkId}`)).json()) as { link: { status: string } }).link.status;

/** Accepts a link and records until at least one batch is stored. */
async function recordSomething(page: Page) {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(site.api, site.siteId);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await typeSecrets(page);
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(0);
  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(stored(recording!.id)).toMatchObject({ status: "live", hasKey: 1, hasToken: 1 });
  expect(stored(recording!.id)!.chunks).toBeGreaterThan(0);
  return { link, recordingId: recording!.id, watch };
}

test("Delete recording on the badge stops recording and leaves no chunk and no key", async ({ page }) => {
  const { link, recordingId, watch } = await recordSomething(page);

  await pressBadgeButton(page, "Delete recording", "mouse");
  await expectBadge(page, "Recording deleted.");
  expect(stored(recordingId)).toEqual({ status: "purged", hasKey: 0, hasToken: 0, chunks: 0, purgeReason: "withdrawn" });
  expect(await linkStatus(link.linkId)).toBe("withdrawn");
  // Nothing of the recording is left in the tab: not the session, not a queued batch.
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("glimpse.")))).toEqual([]);

  // Nothing more leaves the page, on this page or the next one.
  const uploadsBefore = watch.uploads.length;
  await page.locator("#name").pressSequentially("more typing", { delay: 5 });
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await page.waitForTimeout(6_000);
  expect(watch.uploads.length).toBe(uploadsBefore);
  expect(stored(recordingId)!.chunks).toBe(0);
  const events = await site.api.get(`/api/v1/recordings/${recordingId}/events`);
  expect(events.status()).toBe(404);
});

test("Delete my recording on the revisited link purges it, and the recording tab stops", async ({ page, context }) => {
  const { link, recordingId } = await recordSomething(page);

  const linkPage = await context.newPage();
  await linkPage.goto(link.url);
  await linkPage.getByRole("button", { name: "Delete my recording" }).click();
  await expect(linkPage.getByRole("heading", { name: "Your recording was deleted" })).toBeVisible();
  expect(stored(recordingId)).toEqual({ status: "purged", hasKey: 0, hasToken: 0, chunks: 0, purgeReason: "withdrawn" });
  expect(await linkStatus(link.linkId)).toBe("withdrawn");

  // The recorder learns at its next upload that the recording is gone, and stops for good.
  await page.bringToFront();
  await page.locator("#email").pressSequentially("still typing", { delay: 5 });
  await expectBadge(page, "This recording has ended.");
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("glimpse.")))).toEqual([]);
  expect(stored(recordingId)!.chunks).toBe(0);
});

test("the mutation guard stops the recording with a notice instead of freezing the page", async ({ page }) => {
  const link = await requestRecordingLink(site.api, site.siteId, { startUrl: site.operator.url("/busy") });
  await acceptLink(page, link.url, site.operator, link.externalId);
  await page.locator("#flood").click();
  await expect(page.locator("#catalogue > div")).toHaveCount(15_000);
  await expectBadge(page, "this page changes too quickly to record. What was recorded is saved");

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(recording!.status).toBe("finished");
  const { events } = await storedEvents(site.api, recording!.id);
  expect(events.filter((e) => e.type === 5 && e.data.tag === "glimpse/stopped").map((e) => e.data.payload)).toEqual([
    { reason: "mutation_limit" },
  ]);
  const added = events.filter((e) => e.type === 3 && e.data.source === 0).reduce((n, e) => n + (e.data.adds?.length ?? 0), 0);
  expect(added).toBeLessThan(1000);
});

test("the demo shop carries the loader: accept, shop, check out, finish", async ({ page }) => {
  const { sites } = (await (await site.api.get("/api/v1/sites")).json()) as { sites: { id: string; isDemo: boolean }[] };
  const demo = sites.find((s) => s.isDemo)!;
  const link = await requestRecordingLink(site.api, demo.id);
  const base = readE2EEnv().GLIMPSE_BASE_URL;
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  await page.goto(link.url);
  await page.getByRole("button", { name: "Accept and start recording" }).click();
  await page.waitForURL(`${base}/demo`);
  await expectBadge(page, `Recording for support ticket #${link.externalId}`);
  await page.getByRole("link", { name: "Merino socks" }).click();
  await page.getByRole("link", { name: "Buy now" }).click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Delivery address").fill("12 Analytical Row");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Create a password for your account").fill("correct horse battery");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await expectBadge(page, "Finish");
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  const { text, events } = await storedEvents(site.api, recording!.id);
  const pages = events.filter((e) => e.type === 4).map((e) => new URL(e.data.href).pathname);
  expect(pages).toEqual(["/demo", "/demo/product/wool-socks", "/demo/checkout"]);
  // The order form's server action moves on without a page load: the recorder marks it all the same.
  const navs = events.filter((e) => e.type === 5 && e.data.tag === "glimpse/nav").map((e) => new URL(e.data.payload.href).pathname);
  expect(navs).toEqual(["/demo", "/demo/product/wool-socks", "/demo/checkout", "/demo/thanks"]);
  for (const typed of ["Ada Lovelace", "ada@example.com", "Analytical", "4242 4242", "correct horse"]) expect(text).not.toContain(typed);
});
