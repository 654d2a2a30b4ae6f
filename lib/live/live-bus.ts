import "server-only";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import { db } from "../db";
import { env } from "../env";

// Tells live viewers that a recording has a new chunk (docs/database.md, "Live view"). On SQLite
// one process ingests and serves, so an in-process emitter is enough. On PostgreSQL, instances
// tell each other with NOTIFY: the payload is ids only (`recordingId:seq`), sent after the ingest
// transaction commits and at most once per recording every 250 ms; each instance keeps one
// LISTEN connection, over the direct URL (a transaction-mode pooler drops LISTEN silently), and
// fans out to its viewers. Viewers read the chunks from the database, so a lost or late
// notification only delays them until their next poll.

const CHANNEL = "glimpse_live";
const COALESCE_MS = 250;
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_EVERY_MS = 30_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** Emitted to every subscriber after a reconnect: whatever was sent meanwhile is read from the database. */
const RESYNC = "*resync";

type TListener = {
  client: pg.Client | null;
  connecting: boolean;
  ok: boolean;
  detail: string;
  failures: number;
  probes: Map<string, () => void>;
  timer?: ReturnType<typeof setTimeout>;
};

type TBus = {
  emitter: EventEmitter;
  listener: TListener;
  lastSent: Map<string, number>;
  pending: Map<string, { seq: number; timer: ReturnType<typeof setTimeout> }>;
};

// On globalThis: Next bundles this module into several chunks, and they must share one listener.
const bus: TBus = ((globalThis as { glimpseLiveBus?: TBus }).glimpseLiveBus ??= {
  emitter: new EventEmitter().setMaxListeners(0),
  listener: { client: null, connecting: false, ok: false, detail: "not started", failures: 0, probes: new Map() },
  lastSent: new Map(),
  pending: new Map(),
});

const onPostgres = () => env().databaseProvider === "postgresql";

/** Called once a chunk is committed, never inside its transaction (NOTIFY would take a global lock at commit). */
export function announceChunk(recordingId: string, seq: number): void {
  if (!onPostgres()) {
    bus.emitter.emit(recordingId, seq);
    return;
  }
  const pending = bus.pending.get(recordingId);
  if (pending) {
    pending.seq = Math.max(pending.seq, seq);
    return;
  }
  const wait = (bus.lastSent.get(recordingId) ?? 0) + COALESCE_MS - Date.now();
  if (wait <= 0) return void sendNotify(recordingId, seq);
  const timer = setTimeout(() => {
    const latest = bus.pending.get(recordingId)?.seq ?? seq;
    bus.pending.delete(recordingId);
    void sendNotify(recordingId, latest);
  }, wait);
  timer.unref?.();
  bus.pending.set(recordingId, { seq, timer });
}

async function sendNotify(recordingId: string, seq: number) {
  bus.lastSent.set(recordingId, Date.now());
  if (bus.lastSent.size > 10_000) bus.lastSent.clear();
  try {
    await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${`${recordingId}:${seq}`})`;
  } catch (error) {
    // Viewers still poll the database: a lost notification delays them, it loses nothing.
    console.error("[glimpse] live: NOTIFY failed", error);
  }
}

/** Calls `listener` whenever `recordingId` may have new chunks; returns the unsubscribe function. */
export function onLiveChange(recordingId: string, listener: () => void): () => void {
  if (onPostgres()) ensureListening();
  bus.emitter.on(recordingId, listener);
  bus.emitter.on(RESYNC, listener);
  return () => {
    bus.emitter.off(recordingId, listener);
    bus.emitter.off(RESYNC, listener);
  };
}

/** Resolves on the next change of `recordingId`, or after `ms`, whichever comes first. */
export function waitForLiveChange(recordingId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let off = () => {};
    const done = () => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    off = onLiveChange(recordingId, done);
    signal?.addEventListener("abort", done);
  });
}

/** Whether cross-instance notifications work here, for /api/health and doctor. */
export function liveBusHealth(): { mode: "in-process" | "listen-notify"; ok: boolean; detail: string } {
  if (!onPostgres()) return { mode: "in-process", ok: true, detail: "one process serves and ingests (SQLite)" };
  ensureListening();
  return { mode: "listen-notify", ok: bus.listener.ok, detail: bus.listener.detail };
}

/** Starts the listener if needed and waits (up to `ms`) for its first self-test. */
export async function liveBusReady(ms = 5_000): Promise<boolean> {
  if (!onPostgres()) return true;
  ensureListening();
  const deadline = Date.now() + ms;
  while (!bus.listener.ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return bus.listener.ok;
}

function ensureListening() {
  const l = bus.listener;
  if (l.client || l.connecting || l.timer) return;
  void connect();
}

async function connect() {
  const l = bus.listener;
  l.connecting = true;
  const client = new pg.Client({ connectionString: env().directDatabaseUrl!, connectionTimeoutMillis: 5_000, keepAlive: true });
  client.on("notification", (msg) => {
    const payload = msg.payload ?? "";
    const probe = l.probes.get(payload);
    if (probe) return probe();
    const at = payload.lastIndexOf(":");
    if (at > 0) bus.emitter.emit(payload.slice(0, at), Number(payload.slice(at + 1)));
  });
  const lost = (why: string) => {
    if (l.client !== client && !l.connecting) return;
    l.client = null;
    l.connecting = false;
    l.ok = false;
    l.detail = `reconnecting: ${why}`;
    client.removeAllListeners("notification");
    client.end().catch(() => {});
    scheduleReconnect();
  };
  client.on("error", (error) => lost(error.message));
  client.on("end", () => lost("the connection ended"));
  try {
    await client.connect();
    // The listener never keeps a process (the CLI, a test worker) from exiting.
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    await client.query(`LISTEN ${CHANNEL}`);
    l.client = client;
    l.connecting = false;
    l.failures = 0;
    await selfTest();
    // Whatever was announced while no connection listened is read from the database now.
    bus.emitter.emit(RESYNC);
  } catch (error) {
    lost(error instanceof Error ? error.message : String(error));
  }
}

function scheduleReconnect() {
  const l = bus.listener;
  if (l.timer) return;
  const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** l.failures);
  l.failures += 1;
  l.timer = setTimeout(() => {
    l.timer = undefined;
    void connect();
  }, delay);
  l.timer.unref?.();
}

/** NOTIFY ourselves over the pooled connection and expect it back on the listening one within 2 s. */
async function selfTest() {
  const l = bus.listener;
  const client = l.client;
  if (!client) return;
  const nonce = `probe:${randomUUID()}`;
  const back = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    l.probes.set(nonce, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  try {
    await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${nonce})`;
    const ok = await back;
    if (l.client !== client) return;
    l.ok = ok;
    l.detail = ok ? "listening; a self-test NOTIFY came back" : "listening, but a self-test NOTIFY did not come back within 2 s (is DIRECT_DATABASE_URL behind a transaction-mode pooler?)";
  } catch (error) {
    l.ok = false;
    l.detail = `self-test failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    l.probes.delete(nonce);
  }
  if (l.client === client) {
    const timer = setTimeout(() => void selfTest(), PROBE_EVERY_MS);
    timer.unref?.();
  }
}

/** For tests: drop the listening connection as a network failure would. */
export function dropListenerForTest(): void {
  bus.listener.client?.emit("error", new Error("dropped by a test"));
}
