import { describe, expect, it } from "vitest";
import { db } from "../db";
import { INSTANCE_ID, releaseJobLease, takeJobLease, withJobLease } from "./job-lease";

describe("job leases", () => {
  it("of eight instances asking at once, exactly one gets a free lease, and the others get it only once it expires", async () => {
    const now = new Date();
    const holders = Array.from({ length: 8 }, (_, i) => `instance-${i}`);
    const results = await Promise.all(holders.map((h) => takeJobLease("race", 60_000, now, h)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = holders[results.indexOf(true)];
    expect((await db.jobLease.findUniqueOrThrow({ where: { name: "race" } })).holder).toBe(winner);
    const again = await Promise.all(holders.map((h) => takeJobLease("race", 60_000, new Date(now.getTime() + 1_000), h)));
    expect(again.filter(Boolean)).toHaveLength(1);
    expect(again[results.indexOf(true)]).toBe(true);
    const later = new Date(now.getTime() + 61_001);
    const after = await Promise.all(holders.filter((h) => h !== winner).map((h) => takeJobLease("race", 60_000, later, h)));
    expect(after.filter(Boolean)).toHaveLength(1);
    expect(await takeJobLease("race", 60_000, later, INSTANCE_ID)).toBe(false);
  });

  it("withJobLease skips the job while another instance holds it, and frees it after a run", async () => {
    await db.jobLease.create({ data: { name: "sweep", holder: "other-instance", expiresAt: new Date(Date.now() + 60_000) } });
    let runs = 0;
    expect(await withJobLease("sweep", 60_000, async () => void runs++)).toBe(false);
    expect(runs).toBe(0);
    await db.jobLease.update({ where: { name: "sweep" }, data: { expiresAt: new Date(0) } });
    expect(await withJobLease("sweep", 60_000, async () => void runs++)).toBe(true);
    expect(runs).toBe(1);
    expect((await db.jobLease.findUniqueOrThrow({ where: { name: "sweep" } })).expiresAt.getTime()).toBe(0);
    await releaseJobLease("sweep");
  });
});
