// Ingest under load: 200 simulated recorders exchange their grants, then post realistic gzip
// batches one at a time, in seq order, as the real recorder does: first for 15 s at the recorder's
// cadence (a batch every 5 s, for latency), then back to back for 30 s (for throughput), in rounds
// that alternate with the same load on a bare node:http server doing the same work (the ceiling).
// Runs a production build on a free port of 127.0.0.1 with a fresh database in a temporary folder.
//
// The links and grants are made by a tsx child through the same lib functions the console and the
// consent page use (createTicket, createLink, decideConsent), so the HTTP part measured is exactly
// what a customer's browser does: POST /api/recorder/sessions, then POST …/events.
//
// Every batch stands for 5 s of a customer's activity, so "per recorded minute" = 12 batches. Each
// recorder sends a checkpoint (a whole page) every 60 batches, at its own point of that cycle.
// Prints one JSON line per metric; progress goes to stderr.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { root, SERVER_NODE_ARGS } from "../lib.mjs";
import { freePort, startGlimpse, waitUntilHealthy } from "./lib/glimpse-server.mjs";

// --smoke (BENCH_SMOKE=1): a few seconds with a few recorders, to prove the bench still works.
const SMOKE = process.env.BENCH_SMOKE === "1";
const RECORDERS = Number(process.env.BENCH_RECORDERS || (SMOKE ? 10 : 200));
const DURATION_MS = Number(process.env.BENCH_SECONDS || (SMOKE ? 3 : 30)) * 1000;
const PACED_MS = Number(process.env.BENCH_PACED_SECONDS || (SMOKE ? 3 : 15)) * 1000;
// The saturated phase, on each side, in this many rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS || (SMOKE ? 1 : 3));
const ROUND_MS = DURATION_MS / ROUNDS;
const BATCH_SPAN_MS = 5000;
const log = (...args) => console.error("[bench:ingest]", ...args);
const emit = (metric, value, unit, baseline = null, baselineLabel = "", ratio = null) =>
  console.log(JSON.stringify({ metric, value, unit, baseline, baselineLabel, ratio }));

/** Accepts `count` links on the demo site, in the server's database, and returns their grants. */
function acceptLinks(env, count) {
  const code = `
    import { acceptTestLink } from "./lib/consent/accept-test-link.ts";
    const grants = [];
    for (let i = 0; i < ${count}; i++) grants.push((await acceptTestLink({ externalId: "BENCH-" + i, maxDurationMinutes: 120 })).grant);
    console.log(JSON.stringify(grants));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split("\n").pop());
}

// --- Realistic batches: a checkpoint of a ~1,800-node shop page (masked under strict), then 5 s of
// mouse moves, clicks, scrolls, masked typing and small DOM updates per batch.
let nodeId = 0;
const el = (tagName, attributes, childNodes = []) => ({ type: 2, id: ++nodeId, tagName, attributes, childNodes });
const txt = (textContent) => ({ type: 3, id: ++nodeId, textContent });
const mask = (s) => s.replace(/\S/g, "*");

function checkpoint(ts) {
  nodeId = 1;
  const css = Array.from({ length: 400 }, (_, i) => `.p${i}{margin:${i % 9}px;color:#${((i * 2731) % 0xffffff).toString(16).padStart(6, "0")}}`).join("\n");
  const products = Array.from({ length: 200 }, (_, i) =>
    el("li", { class: `product p${i}` }, [
      el("h3", {}, [txt(mask(`Outdoor jacket model ${i}`))]),
      el("p", { class: "price" }, [txt(mask(`${(i * 3.7 + 19).toFixed(2)} EUR`))]),
      el("button", { type: "button", class: "add" }, [txt(mask("Add to basket"))]),
    ]),
  );
  const form = el("form", { id: "checkout" }, [
    ...["name", "email", "address", "city", "card"].map((n) => el("label", { for: n }, [txt(mask(n)), el("input", { id: n, name: n, value: "" })])),
  ]);
  const html = el("html", { lang: "en" }, [
    el("head", {}, [el("style", {}, [{ type: 3, id: ++nodeId, textContent: css, isStyle: true }])]),
    el("body", {}, [el("header", {}, [el("nav", {}, [txt(mask("Home Shop Basket Help"))])]), el("main", {}, [el("ul", { class: "grid" }, products), form])]),
  ]);
  return [
    { type: 4, timestamp: ts, data: { href: "http://shop.example/catalogue", width: 1280, height: 720 } },
    { type: 2, timestamp: ts + 30, data: { node: { type: 0, id: 1, childNodes: [html] }, initialOffset: { top: 0, left: 0 } } },
  ];
}

function activity(start, k) {
  const events = [];
  for (let i = 0; i < 10; i++) {
    const ts = start + i * 500;
    events.push({ type: 3, timestamp: ts + 450, data: { source: 1, positions: Array.from({ length: 5 }, (_, j) => ({ x: (k * 37 + i * 50 + j * 7) % 1280, y: (k * 17 + i * 30 + j * 5) % 720, id: 40 + j, timeOffset: -j * 50 })) } });
  }
  for (let i = 0; i < 3; i++) events.push({ type: 3, timestamp: start + 800 + i * 1300, data: { source: 2, type: 2, id: 100 + ((k + i) % 600), x: 300 + i, y: 200 + i } });
  for (let i = 0; i < 4; i++) events.push({ type: 3, timestamp: start + 300 + i * 1100, data: { source: 3, id: 1, x: 0, y: ((k * 4 + i) * 120) % 6000 } });
  for (let i = 0; i < 8; i++) events.push({ type: 3, timestamp: start + 2000 + i * 200, data: { source: 5, id: 900 + (i % 5), text: "********", isChecked: false } });
  events.push({
    type: 3,
    timestamp: start + 4200,
    data: { source: 0, adds: [{ parentId: 20, nextId: null, node: { type: 2, id: 5000 + k, tagName: "div", attributes: { class: "toast" }, childNodes: [] } }], removes: k > 0 ? [{ parentId: 20, id: 4999 + k }] : [], texts: [{ id: 30, value: mask(`${k + 1} items`) }], attributes: [{ id: 31, attributes: { class: k % 2 ? "open" : "closed" } }] },
  });
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * Whether a recorder's n-th batch is a checkpoint: its first, then one every 5 minutes (60 batches) of its own cycle.
 * `phase` places each recorder at its own point of that cycle, as concurrent recordings started at different times
 * are: with one phase for all, the 200 recorders, which go at the same pace, would all send a checkpoint at the same
 * moment, and that burst, not the steady load, would set the p99 (on both sides).
 */
const isCheckpoint = (n, phase) => n === 0 || (n + phase) % 60 === 0;
const phaseOf = (i, count) => Math.floor((i * 60) / count);

/**
 * A recorder's n-th batch: the 5 s from n*5 s, a checkpoint or activity only.
 * Times start now: ingest refuses timestamps far from the recording's, as it should.
 */
const bodies = new Map();
const T0 = Date.now();
function batchBody(n, phase) {
  const k = n % 60;
  const checkpointAt = isCheckpoint(n, phase);
  const key = `${checkpointAt ? "checkpoint" : "activity"} ${k}`;
  if (!bodies.has(key)) {
    const start = T0 + k * BATCH_SPAN_MS;
    const events = checkpointAt ? [...checkpoint(start), ...activity(start + 100, k)] : activity(start, k);
    const json = JSON.stringify(events);
    bodies.set(key, { gz: gzipSync(json), rawBytes: Buffer.byteLength(json), events: events.length });
  }
  return bodies.get(key);
}

async function startSession(base, origin, grant, stats) {
  const res = await fetch(`${base}/api/recorder/sessions`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ grant }),
  });
  if (res.status !== 201) {
    stats.errors.push(`session ${res.status} ${await res.text()}`);
    return null;
  }
  const { recordingId, uploadToken } = await res.json();
  return { base, origin, recordingId, uploadToken, seq: 0, phase: 0 };
}

/** Posts the session's next batch, retrying the same seq on failure as the recorder does. */
async function postNext(session, stats, latencies) {
  const body = batchBody(session.seq, session.phase);
  const t0 = performance.now();
  let status = 0;
  let text = "";
  try {
    const r = await fetch(`${session.base}/api/recorder/sessions/${session.recordingId}/events`, {
      method: "POST",
      headers: { origin: session.origin, authorization: `Bearer ${session.uploadToken}`, "x-glimpse-seq": String(session.seq), "content-type": "application/json", "content-encoding": "gzip" },
      body: body.gz,
    });
    status = r.status;
    text = await r.text();
  } catch (error) {
    text = String(error);
  }
  latencies.push(performance.now() - t0);
  if (status !== 200) {
    stats.errors.push(`events ${status} ${text.slice(0, 200)}`);
    return;
  }
  session.seq += 1;
  session.acked = (session.acked ?? 0) + 1;
  stats.ackedBatches += 1;
  stats.ackedEvents += body.events;
  stats.rawBytes += body.rawBytes;
  stats.wireBytes += body.gz.length;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Phase 1: the real cadence, one batch per recorder every 5 s, spread out; measures latency. */
async function paced(session, stats, latencies, until) {
  await sleep(Math.random() * BATCH_SPAN_MS);
  while (Date.now() < until) {
    const next = Date.now() + BATCH_SPAN_MS;
    await postNext(session, stats, latencies);
    await sleep(next - Date.now());
  }
}

/** Phase 2: every recorder posts back to back; measures how much one instance can take. */
async function saturated(session, stats, latencies, until) {
  while (Date.now() < until) await postNext(session, stats, latencies);
}

/**
 * The same saturated load, on the same batches, against a bare node:http server doing the same
 * per-batch work (scripts/bench/lib/ingest-ceiling-server.mjs): what this machine can do at best.
 */
async function startCeiling(dataDir, count) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const file = path.join(dataDir, "ceiling.db");
  const server = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts/bench/lib/ingest-ceiling-server.mjs"), String(port), file], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitUntilHealthy(`${base}/health`, server, 30_000);
  const sessions = Array.from({ length: count }, (_, i) => {
    const recordingId = `ceiling-${i}`;
    return { base, origin: base, recordingId, uploadToken: createHash("sha256").update(`ceiling:${recordingId}`).digest("base64url"), seq: 0, phase: phaseOf(i, count) };
  });
  const stats = { errors: [], ackedBatches: 0, ackedEvents: 0, rawBytes: 0, wireBytes: 0 };
  return {
    sessions,
    stats,
    /** Everything acknowledged is stored: the ceiling must not win by dropping work. */
    check() {
      const sqlite = new Database(file, { readonly: true });
      const stored = sqlite.prepare("SELECT COUNT(*) AS chunks, COALESCE(SUM(eventCount),0) AS events FROM chunk").get();
      sqlite.close();
      if (stats.errors.length || stored.chunks !== stats.ackedBatches || stored.events !== stats.ackedEvents) {
        throw new Error(`the ceiling server lost or refused batches: ${stats.errors.length} errors, ${stats.ackedBatches} acked, ${stored.chunks} stored`);
      }
    },
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    },
  };
}

/** Every session posts back to back for `ms`; returns the batches acknowledged meanwhile and the seconds taken. */
async function saturate(sessions, stats, latencies, ms) {
  const before = stats.ackedBatches;
  const started = performance.now();
  const stopAt = Date.now() + ms;
  await Promise.all(sessions.map((s) => saturated(s, stats, latencies, stopAt)));
  return { batches: stats.ackedBatches - before, seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values) => percentile([...values].sort((a, b) => a - b), 50);

// A 60-minute recording (720 batches of 5 s, a checkpoint every 5 minutes) posted by one recorder on
// an idle server: a batch near the end must cost what a batch near the start does.
const LONG_BATCHES = SMOKE ? 120 : 720;
const EARLY = 10;
const LATE = SMOKE ? 110 : 700;
const WINDOW = 10;

function longBatch(n) {
  const start = T0 + n * BATCH_SPAN_MS;
  const events = n % 60 === 0 ? [...checkpoint(start), ...activity(start + 100, n)] : activity(start, n);
  const json = JSON.stringify(events);
  return { gz: gzipSync(json), events: events.length, rawBytes: Buffer.byteLength(json) };
}

async function measureLongRecording(base, session, stats) {
  const latencies = [];
  for (let n = 0; n < LONG_BATCHES; n++) {
    const { gz: body, events, rawBytes } = longBatch(n);
    const t0 = performance.now();
    const r = await fetch(`${base}/api/recorder/sessions/${session.recordingId}/events`, {
      method: "POST",
      headers: { origin: session.origin, authorization: `Bearer ${session.uploadToken}`, "x-glimpse-seq": String(n), "content-type": "application/json", "content-encoding": "gzip" },
      body,
    });
    const text = await r.text();
    latencies.push(performance.now() - t0);
    if (r.status !== 200) {
      stats.errors.push(`long recording, batch ${n}: ${r.status} ${text.slice(0, 200)}`);
      return null;
    }
    stats.ackedBatches += 1;
    stats.ackedEvents += events;
    stats.rawBytes += rawBytes;
    stats.wireBytes += body.length;
  }
  // Checkpoint batches (every 60th) are left out of both windows: they are larger by design.
  const around = (n) => latencies.slice(n - WINDOW, n + WINDOW + 1).filter((_, i) => (n - WINDOW + i) % 60 !== 0);
  return { early: median(around(EARLY < WINDOW ? WINDOW : EARLY)), late: median(around(LATE)) };
}

async function main() {
  const { base, env, dataDir, stop } = await startGlimpse("ingest");
  try {
    log(`server on ${base}; accepting ${RECORDERS} links`);
    const grants = acceptLinks(env, RECORDERS + 1);
    const longGrant = grants.pop();
    const stats = { errors: [], ackedBatches: 0, ackedEvents: 0, rawBytes: 0, wireBytes: 0 };
    const sessions = (await Promise.all(grants.map((g) => startSession(base, base, g, stats)))).filter(Boolean);
    sessions.forEach((s, i) => (s.phase = phaseOf(i, sessions.length)));

    log(`phase 1: ${sessions.length} recorders at the recorder's cadence (a batch every 5 s) for ${PACED_MS / 1000} s`);
    const pacedLatencies = [];
    const pacedUntil = Date.now() + PACED_MS;
    await Promise.all(sessions.map((s) => paced(s, stats, pacedLatencies, pacedUntil)));

    // Glimpse and the ceiling take turns, a round each, so that both meet the same state of a shared machine (its load and
    // clock speed drift over a minute); each side's figure is over all its rounds.
    const ceiling = await startCeiling(dataDir, sessions.length);
    // Each ceiling recorder first catches up with its Glimpse twin (untimed), so that neither side's rounds hold the
    // recordings' first batches, a checkpoint each.
    await Promise.all(ceiling.sessions.map(async (c, i) => {
      while (c.seq < sessions[i].seq) await postNext(c, ceiling.stats, []);
    }));
    log(`phase 2: ${sessions.length} recorders posting back to back, ${ROUNDS} rounds of ${ROUND_MS / 1000} s on Glimpse, each followed by one on a bare node:http server doing the same work`);
    const satLatencies = [];
    const ceilingLatencies = [];
    const satBefore = { batches: stats.ackedBatches, events: stats.ackedEvents };
    for (const s of sessions) s.ackedBefore = s.acked ?? 0;
    const glimpseSide = { batches: 0, seconds: 0 };
    const ceilingSide = { batches: 0, seconds: 0 };
    const roundRatios = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const g = await saturate(sessions, stats, satLatencies, ROUND_MS);
        const c = await saturate(ceiling.sessions, ceiling.stats, ceilingLatencies, ROUND_MS);
        for (const [side, r] of [[glimpseSide, g], [ceilingSide, c]]) {
          side.batches += r.batches;
          side.seconds += r.seconds;
        }
        roundRatios.push(g.batches / g.seconds / (c.batches / c.seconds));
        log(`round ${round + 1}: Glimpse ${(g.batches / g.seconds).toFixed(0)} batches/s, ceiling ${(c.batches / c.seconds).toFixed(0)} batches/s`);
      }
      ceiling.check();
    } finally {
      await ceiling.stop();
    }
    const seconds = glimpseSide.seconds;
    const shares = sessions.map((s) => (s.acked ?? 0) - (s.ackedBefore ?? 0));
    const satAcked = { batches: stats.ackedBatches - satBefore.batches, events: stats.ackedEvents - satBefore.events };

    log(`long recording: ${LONG_BATCHES} batches of one recorder, one after the other`);
    const longSession = await startSession(base, base, longGrant, stats);
    const long = longSession ? await measureLongRecording(base, longSession, stats) : null;

    const sqlite = new Database(env.DATABASE_URL.replace(/^file:/, ""), { readonly: true });
    const stored = sqlite
      .prepare("SELECT COALESCE(SUM(eventCount),0) AS events, COALESCE(SUM(chunkCount),0) AS chunks, COALESCE(SUM(storedBytes),0) AS stored, COALESCE(SUM(rawBytes),0) AS raw FROM Recording")
      .get();
    sqlite.close();

    const cadence = [...pacedLatencies].sort((a, b) => a - b);
    const sorted = [...satLatencies].sort((a, b) => a - b);
    const minutes = (stats.ackedBatches * BATCH_SPAN_MS) / 60_000;
    if (stats.errors.length) {
      log(`FAILED: ${stats.errors.length} failed requests, first: ${stats.errors[0]}`);
      process.exitCode = 1;
    }
    if (sessions.length !== RECORDERS || stats.ackedBatches === 0 || !longSession) {
      log(`FAILED: ${sessions.length} of ${RECORDERS} sessions started, ${stats.ackedBatches} batches acknowledged`);
      process.exitCode = 1;
    }
    log(`acked ${stats.ackedBatches} batches / ${stats.ackedEvents} events; stored ${stored.chunks} chunks / ${stored.events} events`);

    const demand = sessions.length / (BATCH_SPAN_MS / 1000);
    const throughput = satAcked.batches / seconds;
    emit("ingest_latency_p50_at_recorder_cadence", percentile(cadence, 50), "ms", null, `${sessions.length} recorders, a batch each per 5 s`);
    emit("ingest_latency_p99_at_recorder_cadence", percentile(cadence, 99), "ms", null, `${sessions.length} recorders, a batch each per 5 s`);
    emit("ingest_batches_per_s_saturated", throughput, "batches/s", demand, `what ${sessions.length} recorders need`, throughput / demand);
    emit("ingest_events_per_s_saturated", satAcked.events / seconds, "events/s");
    emit("ingest_latency_p50_saturated", percentile(sorted, 50), "ms");
    emit("ingest_latency_p99_saturated", percentile(sorted, 99), "ms");
    const fair = shares.reduce((a, b) => a + b, 0) / shares.length;
    emit("ingest_min_recorder_share_saturated", Math.min(...shares), "batches", fair, "mean per recorder", Math.min(...shares) / fair);
    if (Math.min(...shares) === 0) {
      log("FAILED: a recorder was starved (no batch acknowledged while saturated)");
      process.exitCode = 1;
    }
    if (long) emit(`ingest_batch_${LATE}_vs_batch_${EARLY}_latency`, long.late, "ms", long.early, `batch ${EARLY} of the same recording`, long.late / long.early);
    else process.exitCode = 1;
    emit("ingest_failed_requests", stats.errors.length, "requests", 0, "none expected");
    emit("ingest_lost_events", stats.ackedEvents - stored.events, "events", 0, "acknowledged = stored");
    emit("ingest_stored_bytes_per_recorded_minute", stored.stored / minutes, "bytes/min", stored.raw / minutes, "raw rrweb JSON", stored.stored / stored.raw);
    emit("ingest_upload_bytes_per_recorded_minute", stats.wireBytes / minutes, "bytes/min", stats.rawBytes / minutes, "raw rrweb JSON", stats.wireBytes / stats.rawBytes);

    const ceilingThroughput = ceilingSide.batches / ceilingSide.seconds;
    const ceilingP99 = percentile([...ceilingLatencies].sort((a, b) => a - b), 99);
    log(`Glimpse ÷ ceiling by round: ${roundRatios.map((r) => r.toFixed(3)).join(", ")}`);
    emit("ingest_batches_per_s_saturated_vs_ceiling", throughput, "batches/s", ceilingThroughput, "bare node:http, same work", throughput / ceilingThroughput);
    emit("ingest_latency_p99_saturated_vs_ceiling", percentile(sorted, 99), "ms", ceilingP99, "bare node:http, same work", percentile(sorted, 99) / ceilingP99);
    if (stats.ackedEvents !== stored.events || stats.ackedBatches !== stored.chunks) {
      log("LOSS: acknowledged and stored counts differ");
      process.exitCode = 1;
    }
  } finally {
    await stop();
  }
}

// Shared with ingest-postgres.mjs, which runs the same batches against PostgreSQL.
export { acceptLinks, batchBody, percentile, saturated, startSession };

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
