import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { readE2EEnv } from "./helpers";
import { CONSOLE_TEXT, SECRETS } from "./helpers/operator-site";
import {
  acceptLink,
  databaseBytes,
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

// Console text is kept, scrubbed of personal data; the page's console canary holds none.
const canaries = [...Object.values(SECRETS), SECRETS.card.replace(/ /g, "")];
const leaked = (text: string) => canaries.filter((c) => text.includes(c));

test("a consented recording spans two pages, in order, and nothing typed reaches Glimpse", async ({ page }) => {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(site.api, site.siteId);

  await page.goto(link.url);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => page.url()).toBe(site.operator.url("/"));

  await typeSecrets(page);
  await page.locator("#stock").click();
  await expect(page.locator("#stock-result")).toHaveText("Stock: 503");
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(page, `Recording for support ticket #${link.externalId} — Finish · Delete recording`);
  await page.locator("#card").pressSequentially(SECRETS.card, { delay: 5 });
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("glimpse.")))).toEqual([]);
  await watch.settled();

  const [recording, ...others] = await ticketRecordings(site.api, link.ticketId);
  expect(others).toHaveLength(0);
  expect(recording!.status).toBe("finished");

  // Uploads: gzip batches, consecutive seqs from 0, no gap.
  const bySeq = new Map(watch.uploads.map((u) => [u.seq, u]));
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, i) => i));
  expect(watch.uploads.some((u) => u.gzip)).toBe(true);
  for (const upload of watch.uploads) expect(leaked(upload.text), `upload ${upload.seq}`).toEqual([]);
  // The badge is blocked from the recording: its closed shadow root (and its style) never appear.
  for (const upload of watch.uploads) expect(upload.text).not.toContain("2147483647");

  const uploaded = seqs.flatMap((s) => bySeq.get(s)!.events);
  const metas = uploaded.filter((e) => e.type === 4).map((e) => e.data.href);
  expect(metas).toEqual([site.operator.url("/"), site.operator.url("/checkout")]);
  for (const [i, e] of uploaded.entries()) if (e.type === 4) expect(uploaded[i + 1]?.type).toBe(2);
  const custom = (tag: string) => uploaded.filter((e) => e.type === 5 && e.data.tag === tag).map((e) => e.data.payload);
  expect(custom("glimpse/nav")).toEqual([{ href: site.operator.url("/") }, { href: site.operator.url("/checkout") }]);
  expect(custom("glimpse/network")).toContainEqual(
    expect.objectContaining({ method: "GET", url: site.operator.url("/api/stock"), status: 503, failed: true }),
  );
  const consoleErrors = uploaded.filter((e) => e.type === 6 && e.data.plugin === "rrweb/console@1").map((e) => e.data.payload);
  expect(consoleErrors).toContainEqual(expect.objectContaining({ level: "error", payload: ["Stock check failed:", CONSOLE_TEXT] }));
  const inputs = uploaded.filter((e) => e.type === 3 && e.data.source === 5);
  expect(inputs.length).toBeGreaterThan(0);
  expect(new Set(inputs.map((e) => e.data.text))).toEqual(new Set(["********"]));

  // What Glimpse stored and serves: the same events, still without a single canary.
  const stored = await storedEvents(site.api, recording!.id);
  expect(leaked(stored.text)).toEqual([]);
  expect(stored.events.map((e) => e.timestamp)).toEqual(uploaded.map((e) => e.timestamp));
  expect(stored.events.filter((e) => e.type === 4).map((e) => e.data.href)).toEqual(metas);

  // And the disk: the database file and its write-ahead log.
  expect(leaked(databaseBytes().toString("latin1"))).toEqual([]);
});

test("a same-origin frame that carries the snippet too never starts a second recorder", async ({ page }) => {
  const watch = watchUploads(page);
  const recorderFrames: boolean[] = [];
  const refused: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname === "/recorder.js") recorderFrames.push(req.frame() === page.mainFrame());
  });
  page.on("response", (res) => {
    if (res.url().includes("/api/recorder/") && res.status() >= 400) refused.push(`${res.status()} ${res.url()}`);
  });
  const link = await requestRecordingLink(site.api, site.siteId);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(0);

  // The tab's session is in sessionStorage, which the same-origin frame shares.
  await page.goto(site.operator.url("/framed"));
  await expectBadge(page, "Finish");
  const frame = page.frame({ url: (u) => u.pathname === "/checkout" })!;
  await frame.waitForLoadState("load");
  await frame.locator("#name").pressSequentially("in the frame", { delay: 5 });
  await page.locator("#framed-ping").click();
  const ackedBefore = watch.acked.size;
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(ackedBefore);
  await page.waitForTimeout(1_000);
  expect(await frame.evaluate(() => "__glimpseRecorder" in window)).toBe(false);

  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();
  expect(refused).toEqual([]);
  expect(recorderFrames).toEqual([true, true]);
  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(recording!.status).toBe("finished");
  const seqs = queryDatabase<{ seq: number }>("SELECT seq FROM Chunk WHERE recordingId = ? ORDER BY seq", recording!.id).map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i));
  const metas = (await storedEvents(site.api, recording!.id)).events.filter((e) => e.type === 4).map((e) => e.data.href);
  expect(metas).toEqual([site.operator.url("/"), site.operator.url("/framed")]);
});

test("leaving the page right after the last click still stores that click", async ({ page }) => {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(site.api, site.siteId);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(0);
  // Type until a timed upload is acknowledged (the server is warm by now): the next timed upload is
  // then about 5 s away, so only pagehide can send what happens next.
  const seen = watch.acked.size;
  for (let i = 0; i < 150 && watch.acked.size === seen; i++) await page.locator("#name").press("a", { delay: 100 });
  expect(watch.acked.size).toBeGreaterThan(seen);
  const closing = Date.now();
  await page.locator("#stock").click();
  await page.evaluate(() => fetch("/gone/last-words").then(() => undefined));
  // The tab leaves at once: a gzip send that pagehide starts never finishes, so only a request
  // issued during pagehide itself gets out.
  await page.goto("about:blank");
  expect(Date.now() - closing).toBeLessThan(1_000);

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  const lastWords = async () => {
    const { events } = await storedEvents(site.api, recording!.id);
    const click = events.some((e) => e.type === 3 && e.data.source === 2 && e.timestamp >= closing);
    const network = events.some((e) => e.type === 5 && e.data.tag === "glimpse/network" && e.data.payload.url === site.operator.url("/gone/last-words"));
    return { click, network };
  };
  await expect.poll(lastWords, { timeout: 10_000 }).toEqual({ click: true, network: true });
});

test("declining records nothing and never loads the recorder", async ({ page }) => {
  const recorderRequests: string[] = [];
  page.on("request", (req) => {
    if (req.url().includes("/recorder.js") || req.url().includes("/api/recorder/")) recorderRequests.push(req.url());
  });
  const link = await requestRecordingLink(site.api, site.siteId);
  await page.goto(link.url);
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByRole("heading", { name: "You declined" })).toBeVisible();
  expect(new URL(page.url()).origin).not.toBe(site.operator.origin);

  // The customer goes on to the shop anyway: the loader stays dormant.
  await page.goto(site.operator.url("/"));
  await typeSecrets(page);
  await page.locator("#to-checkout").click();
  await page.waitForLoadState("load");
  await page.waitForTimeout(1500);
  expect(recorderRequests).toEqual([]);
  expect(await ticketRecordings(site.api, link.ticketId)).toEqual([]);
  const linkRes = await site.api.get(`/api/v1/links/${link.linkId}`);
  expect(((await linkRes.json()) as { link: { status: string } }).link.status).toBe("declined");
});

test("the dormant loader makes no request, sets no cookie and writes no storage", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __writes: string[] };
    w.__writes = [];
    for (const method of ["setItem", "removeItem", "clear"] as const) {
      const original = Storage.prototype[method] as (...a: unknown[]) => unknown;
      Storage.prototype[method] = function (this: Storage, ...args: unknown[]) {
        w.__writes.push(method);
        return original.apply(this, args);
      } as never;
    }
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")!;
    Object.defineProperty(Document.prototype, "cookie", {
      get: cookie.get,
      set(value: string) {
        w.__writes.push("cookie");
        cookie.set!.call(this, value);
      },
    });
  });
  const glimpse = readE2EEnv().GLIMPSE_BASE_URL;
  const requests: string[] = [];
  page.on("request", (req) => {
    if (req.url().startsWith(glimpse)) requests.push(new URL(req.url()).pathname);
  });
  const loaderResponse = page.waitForResponse(`${glimpse}/g.js`);

  await page.goto(site.operator.url("/"));
  const loader = await loaderResponse;
  expect(loader.status()).toBe(200);
  expect(await loader.headerValue("set-cookie")).toBeNull();
  await page.locator("#name").fill("someone");
  await page.locator("#to-checkout").click();
  await page.waitForLoadState("load");
  await page.waitForTimeout(1500);

  expect(requests.length).toBeGreaterThan(0);
  expect(new Set(requests)).toEqual(new Set(["/g.js"]));
  expect(await page.evaluate(() => (window as unknown as { __writes: string[] }).__writes)).toEqual([]);
  expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(["", 0, 0]);
  expect(await page.context().cookies()).toEqual([]);
});
