import { spawn } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { expect, test, type APIRequestContext, type Request } from "@playwright/test";
import { E2E_PORT, OPERATOR_PORT } from "../../playwright.config";
import { newServerKeys, productionServer } from "../server/production-server";
import { testDatabaseAdminUrl, withDatabase } from "../support/postgres-test-db";
import { login } from "./helpers/auth";
import { startOperatorSite, type TOperatorSite } from "./helpers/operator-site";
import { acceptLink, expectBadge, pressBadgeButton, registerOperatorSite, requestRecordingLink, ticketRecordings } from "./helpers/record-session";
import { apiClient, createAdminAndApiKey, runCli, type TCliTarget } from "./helpers/seed";

// Two production instances, A and B, on one fresh PostgreSQL database with the same keys, as
// behind a load balancer: what one stores, the other serves, watches live, purges and audits.

const enabled = process.env.GLIMPSE_TEST_PG === "1";
if (!enabled) {
  const line = "!".repeat(78);
  console.error(`\n${line}\n!! 08-two-instances SKIPPED: GLIMPSE_TEST_PG is not "1" (npm test sets it when PostgreSQL\n!! answers at GLIMPSE_TEST_PG_URL). The two-instance end-to-end tests did not run.\n${line}\n`);
}
test.skip(!enabled, "needs PostgreSQL: run through npm test, or set GLIMPSE_TEST_PG=1 and GLIMPSE_TEST_PG_URL");
test.describe.configure({ mode: "serial" });

const root = path.resolve(import.meta.dirname, "../..");
const DB_NAME = `glimpse_e2e_${E2E_PORT}`;
const DATABASE_URL = withDatabase(testDatabaseAdminUrl(), DB_NAME);
const keys = newServerKeys();
// Past the ports that the other specs take from E2E_PORT (up to OPERATOR_PORT + 5).
const A = productionServer({ port: E2E_PORT + 7, databaseUrl: DATABASE_URL, keys });
const B = productionServer({ port: E2E_PORT + 8, databaseUrl: DATABASE_URL, keys });
const cliTarget: TCliTarget = { DATABASE_URL, ...keys, GLIMPSE_BASE_URL: A.baseUrl };

let admin: ReturnType<typeof createAdminAndApiKey>;
let apiA: APIRequestContext;
let apiB: APIRequestContext;
let operator: TOperatorSite;
let siteId: string;
let sql: pg.Client;

async function adminSql(statement: string) {
  const client = new pg.Client({ connectionString: testDatabaseAdminUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const query = async <T>(text: string, params: unknown[] = []) => (await sql.query(text, params)).rows as T[];
const count = async (text: string, params: unknown[] = []) => (await query<{ n: number }>(`SELECT count(*)::int AS n ${text}`, params))[0]!.n;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await adminSql(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await adminSql(`CREATE DATABASE ${DB_NAME}`);
  A.prepare();
  await Promise.all([A.start(60_000), B.start(60_000)]);
  sql = new pg.Client({ connectionString: DATABASE_URL });
  await sql.connect();
  admin = createAdminAndApiKey(cliTarget);
  apiA = await apiClient(admin.key, A.baseUrl);
  apiB = await apiClient(admin.key, B.baseUrl);
  // The operator's pages load the snippet from B: the customer's recorder talks to B only.
  operator = await startOperatorSite({ port: OPERATOR_PORT, glimpseBase: B.baseUrl });
  siteId = (await registerOperatorSite(apiA, operator, { privacyPreset: "balanced" })).id;
});

test.afterAll(async () => {
  await apiA?.dispose();
  await apiB?.dispose();
  await operator?.close();
  await sql?.end();
  await Promise.all([A.stop("SIGTERM"), B.stop("SIGTERM")]);
  await adminSql(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
});

/** A figure for the report, also printed, since the list reporter does not show annotations. */
function note(type: string, value: unknown) {
  test.info().annotations.push({ type, description: String(value) });
  console.log(`  ${type}: ${value}`);
}

const isUpload = (req: Request) => req.method() === "POST" && /\/api\/recorder\/sessions\/[^/]+\/events$/.test(new URL(req.url()).pathname);

type THttpRecording = { ticketId: string; recordingId: string; uploadToken: string };

/** A recording started the way the consent page and the snippet start one, over plain HTTP on `base`. */
async function startHttpRecording(base: string): Promise<THttpRecording> {
  const link = await requestRecordingLink(base === A.baseUrl ? apiA : apiB, siteId);
  const token = new URL(link.url).pathname.split("/").pop()!;
  const page = await (await fetch(`${base}/r/${token}`)).text();
  const form = new URLSearchParams({ decision: "accept" });
  for (const input of page.match(/<input[^>]*type="hidden"[^>]*>/g) ?? []) {
    const name = /name="([^"]+)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1];
    if (name && value !== undefined && name !== "decision") form.set(name, value);
  }
  const decided = await fetch(`${base}/r/${token}/decision`, { method: "POST", body: form, redirect: "manual" });
  const grant = /glimpse=([^&]+)/.exec(new URL(decided.headers.get("location") ?? "http://x/").hash)?.[1];
  expect(grant, `the consent form did not lead to a grant: ${decided.status} ${decided.headers.get("location")}`).toBeTruthy();
  const res = await fetch(`${base}/api/recorder/sessions`, {
    method: "POST",
    headers: { origin: operator.origin, "content-type": "application/json" },
    body: JSON.stringify({ grant }),
  });
  expect(res.status).toBe(201);
  const session = (await res.json()) as { recordingId: string; uploadToken: string };
  return { ticketId: link.ticketId, ...session };
}

/** Seq 0 is a page (Meta and FullSnapshot); each later batch is one click on node `seq`, so the read-back order shows. */
function batch(seq: number) {
  const t = Date.now();
  if (seq === 0) {
    return [
      { type: 4, timestamp: t, data: { href: `${operator.origin}/`, width: 1280, height: 720 } },
      {
        type: 2,
        timestamp: t,
        data: {
          node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "html", attributes: {}, childNodes: [{ type: 2, id: 3, tagName: "body", attributes: {}, childNodes: [] }] }] },
          initialOffset: { left: 0, top: 0 },
        },
      },
    ];
  }
  return [{ type: 3, timestamp: t, data: { source: 2, type: 2, id: seq, x: seq % 500, y: 10 } }];
}

function upload(base: string, rec: THttpRecording, seq: number, events: unknown[], timeoutMs = 5_000) {
  return fetch(`${base}/api/recorder/sessions/${rec.recordingId}/events`, {
    method: "POST",
    headers: {
      origin: operator.origin,
      authorization: `Bearer ${rec.uploadToken}`,
      "content-type": "application/json",
      "content-encoding": "gzip",
      "x-glimpse-seq": String(seq),
    },
    body: gzipSync(JSON.stringify(events)),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

async function uploadOk(base: string, rec: THttpRecording, seq: number) {
  const res = await upload(base, rec, seq, batch(seq));
  expect(res.status, await res.text()).toBe(200);
}

/** `npx glimpse …` as its own process on the test database; resolves its exit code and output. */
function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/glimpse.mjs"), ...args], { cwd: root, env: { ...process.env, ...cliTarget }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test("both instances are up on the same database, and each one's LISTEN connection hears NOTIFY", async () => {
  for (const server of [A, B]) {
    await expect
      .poll(async () => ((await (await fetch(`${server.baseUrl}/api/health`)).json()) as { live?: { ok: boolean } }).live, { timeout: 10_000 })
      .toMatchObject({ mode: "listen-notify", ok: true });
  }
  // One database: what was written through A (the site) is read through B.
  const site = await apiB.get(`/api/v1/sites/${siteId}`);
  expect(site.status(), await site.text()).toBe(200);
});

let live: { ticketId: string; recordingId: string };

test("the customer's recorder uploads to B while the agent watches live on A: a change shows on A within 3 s", async ({ browser }) => {
  test.setTimeout(90_000);
  // What B tells the other instances, as any listener on the database hears it.
  const heard: string[] = [];
  const onNotification = (n: pg.Notification) => void heard.push(n.payload ?? "");
  sql.on("notification", onNotification);
  await sql.query("LISTEN glimpse_live");
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  const uploadsTo = new Set<string>();
  shop.on("request", (req) => void (isUpload(req) && uploadsTo.add(new URL(req.url()).origin)));
  const link = await requestRecordingLink(apiA, siteId);
  await acceptLink(shop, link.url, operator, link.externalId);
  await shop.waitForResponse((r) => isUpload(r.request()) && r.status() === 200);
  const [recording] = await ticketRecordings(apiA, link.ticketId);
  live = { ticketId: link.ticketId, recordingId: recording!.id };

  const agentContext = await browser.newContext({ baseURL: A.baseUrl });
  const agent = await agentContext.newPage();
  await login(agent, admin.email, admin.password);
  await agent.goto(`/recordings/${live.recordingId}`);
  await expect(agent.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  const frame = agent.frameLocator('[data-testid="replay-stage"] iframe');
  await expect(frame.locator("#stock")).toBeAttached();
  await expect(frame.locator("#stock-result")).toHaveText("");

  // A's live view marks the recording as watched in the database; B's next upload answer says so.
  await expect
    .poll(
      async () => {
        const answer = shop.waitForResponse((r) => isUpload(r.request()) && r.status() === 200, { timeout: 8_000 });
        await shop.mouse.move(100 + Math.random() * 300, 100 + Math.random() * 300);
        return ((await (await answer).json()) as { flushMs?: number }).flushMs;
      },
      { timeout: 30_000, intervals: [0] },
    )
    .toBe(1000);

  await shop.locator("#stock").click();
  await expect(shop.locator("#stock-result")).toHaveText("Stock: 503", { timeout: 3_000 });
  const changedAt = Date.now();
  await expect(frame.locator("#stock-result")).toHaveText("Stock: 503", { timeout: 3_000 });
  const latency = Date.now() - changedAt;
  note("live latency, customer on B to agent on A (ms)", latency);
  expect(latency).toBeLessThan(3_000);
  await sql.query("UNLISTEN glimpse_live");
  sql.off("notification", onNotification);
  // B announced its chunks with ids only: nothing of the recording travels through NOTIFY.
  expect(heard.filter((p) => p.startsWith(`${live.recordingId}:`)).length).toBeGreaterThan(0);
  expect(heard.filter((p) => !p.startsWith("probe:") && !/^[a-z0-9]+:\d+$/.test(p))).toEqual([]);

  await pressBadgeButton(shop, "Finish");
  await expectBadge(shop, "Recording finished");
  await expect(agent.getByTestId("live-state")).toHaveCount(0, { timeout: 10_000 });
  expect([...uploadsTo]).toEqual([B.baseUrl]);
  await customer.close();
  await agentContext.close();
});

test("resolving the ticket through A purges what B stored: no chunk and no key in the database, and a receipt", async () => {
  expect(live, "the live test recorded this").toBeTruthy();
  const stored = await count(`FROM "Chunk" WHERE "recordingId" = $1`, [live.recordingId]);
  const [before] = await query<{ wrappedKey: Buffer | null; status: string }>(`SELECT "wrappedKey", "status" FROM "Recording" WHERE "id" = $1`, [live.recordingId]);
  // The test can fail: B stored chunks and a key.
  expect(stored).toBeGreaterThan(0);
  expect(before?.wrappedKey?.length).toBeGreaterThan(0);
  expect(before?.status).toBe("finished");

  const res = await apiA.post(`/api/v1/tickets/${live.ticketId}/resolve`, { data: { reason: "two-instance test" } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ purgedRecordings: 1 });

  expect(await query(`SELECT 1 FROM "Chunk" WHERE "recordingId" = $1`, [live.recordingId])).toEqual([]);
  expect(await query(`SELECT "wrappedKey", "status" FROM "Recording" WHERE "id" = $1`, [live.recordingId])).toEqual([{ wrappedKey: null, status: "purged" }]);
  const receipts = await query<{ details: string }>(`SELECT "details" FROM "AuditEntry" WHERE "action" = 'recording.purged' AND "recordingId" = $1`, [live.recordingId]);
  expect(receipts).toHaveLength(1);
  expect(JSON.parse(receipts[0]!.details)).toMatchObject({ reason: "ticket_resolved", chunks: stored });
  // B, which stored it, no longer serves it either.
  expect((await apiB.get(`/api/v1/recordings/${live.recordingId}/events`)).status()).toBe(404);
});

test("two sweepers at once purge each expired recording exactly once, and both succeed", async () => {
  test.setTimeout(120_000);
  const recordings = await Promise.all(Array.from({ length: 12 }, (_, i) => startHttpRecording(i % 2 ? B.baseUrl : A.baseUrl)));
  await Promise.all(
    recordings.map(async (rec, i) => {
      for (const seq of [0, 1, 2]) await uploadOk(i % 2 ? A.baseUrl : B.baseUrl, rec, seq);
    }),
  );
  const ids = recordings.map((r) => r.recordingId);
  // Past the retention cap (30 days by default): the next sweep purges all twelve.
  await query(`UPDATE "Recording" SET "startedAt" = now() - interval '400 days' WHERE "id" = ANY($1)`, [ids]);

  // The worst case: both sweepers have listed the same recordings and purge them at the same
  // moment. The test holds the rows until both are waiting on them, then lets them go together.
  const holder = new pg.Client({ connectionString: DATABASE_URL });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(`SELECT 1 FROM "Recording" WHERE "id" = ANY($1) FOR UPDATE`, [ids]);
  const sweeps = Promise.all([cli(["purge"]), cli(["purge"])]);
  const waiting = () => count(`FROM pg_stat_activity WHERE "datname" = $1 AND "wait_event_type" = 'Lock' AND "pid" <> pg_backend_pid()`, [DB_NAME]);
  await expect.poll(waiting, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await holder.query("COMMIT");
  await holder.end();
  const [first, second] = await sweeps;
  expect(first!.code, first!.output).toBe(0);
  expect(second!.code, second!.output).toBe(0);
  const purged = (out: string) => Number(/recordings purged:\s+(\d+)/.exec(out)?.[1]);
  note("recordings purged by each sweeper", `${purged(first!.output)} + ${purged(second!.output)}`);
  expect(purged(first!.output) + purged(second!.output)).toBe(ids.length);

  const receipts = await query<{ recordingId: string; n: number }>(
    `SELECT "recordingId", count(*)::int AS n FROM "AuditEntry" WHERE "action" = 'recording.purged' AND "recordingId" = ANY($1) GROUP BY "recordingId"`,
    [ids],
  );
  expect(receipts.sort((x, y) => x.recordingId.localeCompare(y.recordingId))).toEqual([...ids].sort().map((recordingId) => ({ recordingId, n: 1 })));
  expect(await query(`SELECT 1 FROM "Chunk" WHERE "recordingId" = ANY($1)`, [ids])).toEqual([]);
  expect(await query(`SELECT 1 FROM "Recording" WHERE "id" = ANY($1) AND ("status" <> 'purged' OR "wrappedKey" IS NOT NULL)`, [ids])).toEqual([]);
});

test("after 40 concurrent writes split between A and B, `glimpse audit verify` finds the chain intact", async () => {
  const before = await count(`FROM "AuditEntry"`);
  const tag = `MULTI-${Date.now()}`;
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? apiB : apiA).post("/api/v1/tickets", { data: { externalId: `${tag}-${i}`, subject: `Concurrent ${i}` } })),
  );
  expect(answers.map((r) => r.status())).toEqual(answers.map(() => 201));
  expect(await count(`FROM "AuditEntry" WHERE "action" = 'ticket.created' AND "ticketRef" LIKE $1`, [`%${tag}-%`])).toBe(40);
  const after = await count(`FROM "AuditEntry"`);
  expect(after - before).toBeGreaterThanOrEqual(40);
  // One chain: no two entries follow the same one.
  expect(await query(`SELECT "prevHash" FROM "AuditEntry" GROUP BY "prevHash" HAVING count(*) > 1`)).toEqual([]);
  expect(runCli(["audit", "verify"], cliTarget)).toMatch(new RegExp(`Audit log intact: ${after} entries`));
});

test("SIGKILL of B in the middle of a recording loses no acknowledged batch: the recorder goes on through A, no seq gap", async () => {
  test.setTimeout(90_000);
  const recorders = await Promise.all([1, 2, 3].map(() => startHttpRecording(B.baseUrl)));
  const acked = new Map<string, Set<number>>(recorders.map((r) => [r.recordingId, new Set<number>()]));
  const refused: string[] = [];
  let cut = 0;
  let killed = false;
  let running = true;
  let afterKill = 0;

  // Like the recorder behind a load balancer: a batch is sent again, unchanged, until acknowledged;
  // once B stops answering, the balancer sends it to A.
  const record = async (rec: THttpRecording) => {
    let seq = 0;
    let events = batch(seq);
    for (let attempt = 0; running; ) {
      const base = killed ? A.baseUrl : B.baseUrl;
      let status = 0;
      let text = "";
      try {
        const res = await upload(base, rec, seq, events, 3_000);
        status = res.status;
        text = await res.text();
      } catch {
        status = 0;
      }
      if (status === 200) {
        acked.get(rec.recordingId)!.add(seq);
        if (killed) afterKill += 1;
        seq += 1;
        events = batch(seq);
        attempt = 0;
      } else if (status === 0 || status >= 500) {
        cut += 1;
        await new Promise((r) => setTimeout(r, Math.min(500, 25 * 2 ** attempt++)));
      } else {
        refused.push(`${rec.recordingId} seq ${seq} on ${base}: ${status} ${text}`);
        return;
      }
    }
  };

  const uploads = recorders.map(record);
  await expect.poll(() => [...acked.values()].every((s) => s.size >= 5), { timeout: 20_000 }).toBe(true);
  await B.stop("SIGKILL");
  killed = true;
  await expect.poll(() => afterKill, { timeout: 20_000 }).toBeGreaterThanOrEqual(15);
  running = false;
  await Promise.all(uploads);
  note("batches acknowledged per recorder; attempts cut by the kill", `${[...acked.values()].map((s) => s.size).join("+")}; ${cut}`);

  expect(refused).toEqual([]);
  expect(cut, "the kill cut uploads to B").toBeGreaterThan(0);
  for (const rec of recorders) {
    const seqs = (await query<{ seq: number }>(`SELECT "seq" FROM "Chunk" WHERE "recordingId" = $1 ORDER BY "seq"`, [rec.recordingId])).map((r) => r.seq);
    const [counters] = await query<{ nextSeq: number; chunkCount: number }>(`SELECT "nextSeq", "chunkCount" FROM "Recording" WHERE "id" = $1`, [rec.recordingId]);
    const mine = [...acked.get(rec.recordingId)!];
    expect(seqs, "no gap").toEqual(Array.from({ length: counters!.nextSeq }, (_, i) => i));
    expect(counters!.chunkCount).toBe(counters!.nextSeq);
    expect(mine.filter((s) => !seqs.includes(s)), "acknowledged but not stored").toEqual([]);
    // A reads back, in order, what B and A stored: each batch's click names its seq.
    const res = await apiA.get(`/api/v1/recordings/${rec.recordingId}/events`);
    expect(res.status(), await res.text()).toBe(200);
    const clicks = ((await res.json()) as { type: number; data: { source?: number; id?: number } }[]).filter((e) => e.type === 3 && e.data.source === 2).map((e) => e.data.id);
    expect(clicks).toEqual(Array.from({ length: counters!.nextSeq - 1 }, (_, i) => i + 1));
  }
});
