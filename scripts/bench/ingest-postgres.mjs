// Ingest on PostgreSQL, with one Glimpse instance and with two sharing the database, against
// SQLite's figure on the same batches, measured in the same run (scripts/bench/ingest.mjs makes
// the batches and the load). Each phase starts fresh recorders posting back to back.
// Needs a PostgreSQL role that may create databases: GLIMPSE_TEST_PG_URL (as npm test).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../lib.mjs";
import { acceptLinks, percentile, saturated, startSession } from "./ingest.mjs";
import { startGlimpse } from "./lib/glimpse-server.mjs";

const SMOKE = process.env.BENCH_SMOKE === "1";
const RECORDERS = Number(process.env.BENCH_PG_RECORDERS || (SMOKE ? 6 : 100));
const DURATION_MS = Number(process.env.BENCH_SECONDS || (SMOKE ? 3 : 20)) * 1000;
const ADMIN_URL = process.env.GLIMPSE_TEST_PG_URL || "postgresql://root@127.0.0.1:5432/postgres";
const log = (...args) => console.error("[bench:ingest-postgres]", ...args);
const emit = (metric, value, unit, baseline = null, baselineLabel = "", ratio = null) =>
  console.log(JSON.stringify({ metric, value, unit, baseline, baselineLabel, ratio }));

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Fresh recorders split over `instances`, posting back to back; what was acknowledged and stored. */
async function load(label, instances, env) {
  const grants = acceptLinks(env, RECORDERS);
  const stats = { errors: [], ackedBatches: 0, ackedEvents: 0, rawBytes: 0, wireBytes: 0 };
  // One operator site (the first instance's demo shop) whose recorders reach either instance, as through a load balancer.
  const sessions = (await Promise.all(grants.map((g, i) => startSession(instances[i % instances.length], instances[0], g, stats)))).filter(Boolean);
  const latencies = [];
  const started = performance.now();
  const stopAt = Date.now() + DURATION_MS;
  await Promise.all(sessions.map((s) => saturated(s, stats, latencies, stopAt)));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  log(`${label}: ${stats.ackedBatches} batches acknowledged in ${seconds.toFixed(1)} s by ${sessions.length} recorders`);
  if (sessions.length !== RECORDERS || stats.errors.length) {
    log(`FAILED (${label}): ${sessions.length}/${RECORDERS} sessions, ${stats.errors.length} failed requests, first: ${stats.errors[0] ?? "none"}`);
    process.exitCode = 1;
  }
  return { throughput: stats.ackedBatches / seconds, p99: percentile(sorted, 99), stats, ids: sessions.map((s) => s.recordingId) };
}

async function storedEvents(url, ids) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT COALESCE(SUM("eventCount"),0)::int AS events FROM "Recording" WHERE "id" = ANY($1)`, [ids]);
    return rows[0].events;
  } finally {
    await client.end();
  }
}

async function main() {
  try {
    await admin("SELECT 1");
  } catch (error) {
    log(`PostgreSQL cannot be reached at GLIMPSE_TEST_PG_URL (${error.message})`);
    process.exit(1);
  }
  const sqlite = await startGlimpse("ingest-sqlite");
  let base;
  try {
    base = await load("SQLite, one instance", [sqlite.base], sqlite.env);
  } finally {
    await sqlite.stop();
  }

  const database = `glimpse_bench_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${database}`);
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const keys = { GLIMPSE_MASTER_KEY: randomBytes(32).toString("hex"), AUTH_SECRET: randomBytes(32).toString("hex") };
  const instances = [];
  try {
    migrate({ DATABASE_URL: databaseUrl, DIRECT_DATABASE_URL: "" });
    instances.push(await startGlimpse("ingest-pg-a", { databaseUrl, keys }));
    const one = await load("PostgreSQL, one instance", [instances[0].base], instances[0].env);
    instances.push(await startGlimpse("ingest-pg-b", { databaseUrl, keys }));
    const two = await load("PostgreSQL, two instances", instances.map((i) => i.base), instances[0].env);

    emit("ingest_pg_1_instance_batches_per_s", one.throughput, "batches/s", base.throughput, "SQLite, same batches, same run", one.throughput / base.throughput);
    emit("ingest_pg_2_instances_batches_per_s", two.throughput, "batches/s", base.throughput, "SQLite, same batches, same run", two.throughput / base.throughput);
    emit("ingest_pg_2_vs_1_instance_batches_per_s", two.throughput, "batches/s", one.throughput, "PostgreSQL, one instance", two.throughput / one.throughput);
    emit("ingest_pg_1_instance_latency_p99", one.p99, "ms", base.p99, "SQLite, same run", one.p99 / base.p99);
    emit("ingest_pg_2_instances_latency_p99", two.p99, "ms", base.p99, "SQLite, same run", two.p99 / base.p99);
    for (const [label, run] of [["1_instance", one], ["2_instances", two]]) {
      const lost = run.stats.ackedEvents - (await storedEvents(databaseUrl, run.ids));
      emit(`ingest_pg_${label}_lost_events`, lost, "events", 0, "acknowledged = stored");
      if (lost !== 0) {
        log(`LOSS (${label}): ${lost} acknowledged events not stored`);
        process.exitCode = 1;
      }
    }
  } finally {
    for (const i of instances) await i.stop();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
