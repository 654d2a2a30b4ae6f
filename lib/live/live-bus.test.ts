import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { env } from "../env";
import { onPostgres } from "@/tests/support/postgres-test-db";
import { announceChunk, dropListenerForTest, liveBusHealth, liveBusReady, waitForLiveChange } from "./live-bus";

describe.runIf(onPostgres())("the live bus on PostgreSQL", () => {
  it("another instance's NOTIFY wakes a viewer here; the payload is ids only", async () => {
    expect(await liveBusReady()).toBe(true);
    expect(liveBusHealth()).toMatchObject({ mode: "listen-notify", ok: true });
    // A second instance is another connection, which sends what announceChunk sends.
    const other = new pg.Client({ connectionString: env().directDatabaseUrl! });
    await other.connect();
    const seen: string[] = [];
    await other.query("LISTEN glimpse_live");
    other.on("notification", (m) => seen.push(m.payload ?? ""));
    try {
      const woken = waitForLiveChange("rec_a", 10_000).then(() => Date.now());
      const t0 = Date.now();
      await other.query("SELECT pg_notify('glimpse_live', 'rec_a:7')");
      expect((await woken) - t0).toBeLessThan(2_000);
      announceChunk("rec_b", 3);
      await expect.poll(() => seen).toContain("rec_b:3");
      expect(seen.filter((p) => !p.startsWith("probe:")).every((p) => /^[\w-]+:\d+$/.test(p))).toBe(true);
    } finally {
      await other.end();
    }
  });

  it("coalesces a burst to at most one NOTIFY per recording every 250 ms, carrying the latest seq", async () => {
    const other = new pg.Client({ connectionString: env().directDatabaseUrl! });
    await other.connect();
    const seen: string[] = [];
    await other.query("LISTEN glimpse_live");
    other.on("notification", (m) => m.payload?.startsWith("rec_c:") && seen.push(m.payload));
    try {
      for (let seq = 0; seq < 20; seq++) announceChunk("rec_c", seq);
      await expect.poll(() => seen.at(-1), { timeout: 3_000 }).toBe("rec_c:19");
      expect(seen.length).toBeLessThanOrEqual(2);
    } finally {
      await other.end();
    }
  });

  it("reconnects after the listening connection drops, and health says so meanwhile", async () => {
    expect(await liveBusReady()).toBe(true);
    dropListenerForTest();
    expect(liveBusHealth().ok).toBe(false);
    expect(await liveBusReady(10_000)).toBe(true);
    const woken = waitForLiveChange("rec_d", 10_000).then(() => "woken");
    await db.$executeRaw`SELECT pg_notify('glimpse_live', 'rec_d:1')`;
    expect(await woken).toBe("woken");
  });
});

describe.skipIf(onPostgres())("the live bus on SQLite", () => {
  it("wakes viewers in this process, with no listener to report", async () => {
    expect(liveBusHealth()).toMatchObject({ mode: "in-process", ok: true });
    const woken = waitForLiveChange("rec_e", 5_000).then(() => Date.now());
    const t0 = Date.now();
    announceChunk("rec_e", 0);
    expect((await woken) - t0).toBeLessThan(100);
  });
});
