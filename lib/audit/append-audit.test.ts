import { describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append-audit";
import { GENESIS_HASH, auditHash } from "./audit-hash";

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
