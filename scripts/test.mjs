// `npm test`: unit and integration tests (Vitest) on SQLite and again on PostgreSQL, then
// end-to-end tests (Playwright, real Chromium against production builds).
import path from "node:path";
import pg from "pg";
import { bin, generateClient, root, run } from "./lib.mjs";

const started = Date.now();
const lap = (label) => console.log(`\n✓ ${label} (${Math.round((Date.now() - started) / 1000)} s so far)\n`);
const pgUrl = process.env.GLIMPSE_TEST_PG_URL || "postgresql://root@127.0.0.1:5432/postgres";

/** Whether the tests' PostgreSQL answers, and why not. */
async function postgresAvailable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function skipLoudly(why) {
  const line = "!".repeat(78);
  console.error(`\n${line}\n!! PostgreSQL SKIPPED: ${why}\n!! The PostgreSQL suite did not run. Set GLIMPSE_TEST_PG_URL to a role that may\n!! create databases (now ${pgUrl.replace(/:[^:@/]*@/, ":***@")}).\n${line}\n`);
}

generateClient();
run(process.execPath, [path.join(root, "scripts/build-recorder.mjs")]);
run(bin("vitest"), ["run"]);
lap("unit and integration tests passed on SQLite");

const unavailable = await postgresAvailable();
if (unavailable && process.env.CI) {
  console.error(`\n✗ PostgreSQL is required in CI and cannot be reached at ${pgUrl.replace(/:[^:@/]*@/, ":***@")}: ${unavailable}`);
  process.exit(1);
}
if (unavailable) skipLoudly(unavailable);
else {
  // Every file that reaches a database runs again. Left out: tests/server and the start-up checks,
  // which run SQLite servers of their own (the two-instance end-to-end tests cover those faults on
  // PostgreSQL), and files that touch no database at all, whose answer cannot change.
  const noDatabase = ["tests/server/**", "scripts/start-config.test.ts", "recorder/**", "components/**", "lib/rrweb/**", "lib/privacy/**", "lib/http/**", "lib/helpdesk/providers/**", "lib/webhooks/providers/**", "lib/crypto.test.ts", "tests/repo/citations.test.ts"];
  run(bin("vitest"), ["run", ...noDatabase.flatMap((g) => ["--exclude", g])], { env: { GLIMPSE_TEST_DATABASE: "postgresql", GLIMPSE_TEST_PG_URL: pgUrl } });
  lap("unit and integration tests passed on PostgreSQL");
}

run(bin("playwright"), ["test"], { env: { GLIMPSE_TEST_PG_URL: pgUrl, GLIMPSE_TEST_PG: unavailable ? "" : "1" } });
lap("end-to-end tests passed");
if (unavailable) skipLoudly(unavailable);
