import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { E2E_HOST, E2E_PORT, OPERATOR_PORT } from "../../playwright.config";
import { createAdminAndApiKey, readE2EEnv } from "./helpers";
import { startOperatorSite, type TOperatorSite } from "./helpers/operator-site";
import {
  acceptLink,
  expectBadge,
  pressBadgeButton,
  queryDatabase,
  registerOperatorSite,
  requestRecordingLink,
  storedEvents,
  ticketRecordings,
  typeSecrets,
  watchUploads,
} from "./helpers/record-session";

// A second Glimpse server on the same database and keys, which this spec can kill and restart.
const PORT = E2E_PORT + 2;
const BASE = `http://${E2E_HOST}:${PORT}`;
const root = path.resolve(import.meta.dirname, "../..");
let server: ChildProcess | undefined;
let operator: TOperatorSite;
let api: APIRequestContext;

async function startServer() {
  const e = readE2EEnv();
  server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(PORT)], {
    cwd: root,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: e.DATABASE_URL,
      GLIMPSE_MASTER_KEY: e.GLIMPSE_MASTER_KEY,
      AUTH_SECRET: e.AUTH_SECRET,
      GLIMPSE_BASE_URL: BASE,
      NEXTAUTH_URL: BASE,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next",
      NEXT_TELEMETRY_DISABLED: "1",
      GLIMPSE_E2E: "1",
    },
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const ok = await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The second server did not start on ${BASE}`);
}

function killServer() {
  if (server?.pid) process.kill(-server.pid, "SIGKILL");
  server = undefined;
}

test.beforeAll(async () => {
  await startServer();
  operator = await startOperatorSite({ port: OPERATOR_PORT, glimpseBase: BASE });
  api = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization: `Bearer ${createAdminAndApiKey().key}` } });
  await registerOperatorSite(api, operator);
});

test.afterAll(async () => {
  await api?.dispose();
  await operator?.close();
  killServer();
});

test("a server killed mid-recording loses no acknowledged batch: the recorder's retries complete it", async ({ page }) => {
  test.setTimeout(180_000);
  const { sites } = (await (await api.get("/api/v1/sites")).json()) as { sites: { id: string; siteKey: string }[] };
  const site = sites.find((s) => s.siteKey === operator.siteKey)!;
  const watch = watchUploads(page);
  const failed: number[] = [];
  page.on("requestfailed", (req) => {
    if (req.url().endsWith("/events")) failed.push(Date.now());
  });
  const link = await requestRecordingLink(api, site.id);
  expect(link.url.startsWith(BASE)).toBe(true);

  await acceptLink(page, link.url, operator, link.externalId);
  await typeSecrets(page);
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(0);

  killServer();
  const downAt = Date.now();
  await page.locator("#name").pressSequentially(" typed while Glimpse was down", { delay: 20 });
  await expect.poll(() => failed.length, { timeout: 20_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(5_000);
  const upAt = Date.now();
  await startServer();

  // Everything queued meanwhile arrives once the server is back.
  await expect.poll(() => watch.acked.size, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(page, "Finish");
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();

  const [recording] = await ticketRecordings(api, link.ticketId);
  expect(recording!.status).toBe("finished");
  const chunkSeqs = queryDatabase<{ seq: number }>("SELECT seq FROM Chunk WHERE recordingId = ? ORDER BY seq", recording!.id).map((r) => r.seq);
  expect(chunkSeqs).toEqual(chunkSeqs.map((_, i) => i));
  for (const seq of watch.acked) expect(chunkSeqs).toContain(seq);

  // A retried batch is byte-for-byte the batch first sent; what is stored is what was sent.
  const bySeq = new Map<number, string>();
  for (const u of watch.uploads) {
    if (bySeq.has(u.seq)) expect(u.text, `retry of batch ${u.seq}`).toBe(bySeq.get(u.seq));
    bySeq.set(u.seq, u.text);
  }
  expect([...bySeq.keys()].sort((a, b) => a - b)).toEqual(chunkSeqs);
  const sent = chunkSeqs.flatMap((seq) => JSON.parse(bySeq.get(seq)!) as { timestamp: number }[]);
  const { events } = await storedEvents(api, recording!.id);
  expect(events.map((e) => e.timestamp)).toEqual(sent.map((e) => e.timestamp));
  const typedWhileDown = events.filter((e) => e.type === 3 && e.data.source === 5 && e.timestamp > downAt && e.timestamp < upAt);
  expect(typedWhileDown.length).toBeGreaterThan(0);
});
