import { describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append-audit";
import { GENESIS_HASH, auditHash } from "./audit-hash";
import { verifyAuditChain } from "./verify-audit-chain";

describe("appendAudit", () => {
  it("chains each entry to the previous one", async () => {
    const actor = { type: "system" as const };
    await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.one" }));
    await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.two", details: { n: 2 } }));
    const [first, second] = await db.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.hash).toBe(auditHash(first!.hash, second!));
  });
});

describe("appendAudit from concurrent transactions", () => {
  // PostgreSQL: a writer whose snapshot predates another's append reads a stale head and is
  // aborted (a serialization failure); its second try must take the chain's lock before its
  // snapshot, or busy writers fail each other again and again (one CI run ran out of tries).
  it("keeps one chain, and no writer needs more than a second try", { timeout: 60_000 }, async () => {
    const actor = { type: "system" as const };
    const before = await db.auditEntry.count();
    const tries: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, writer) =>
        (async () => {
          for (let i = 0; i < 8; i++) {
            let attempt = 0;
            await db.$transaction(async (tx) => {
              attempt += 1;
              await tx.auditEntry.count(); // the snapshot is taken here, before appendAudit's lock
              await new Promise((resolve) => setTimeout(resolve, 5));
              await appendAudit(tx, { actor, action: `test.concurrent.${writer}.${i}` });
            });
            tries.push(attempt);
          }
        })(),
      ),
    );
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: before + 48 });
    expect(Math.max(...tries)).toBeLessThanOrEqual(2);
  });
});
