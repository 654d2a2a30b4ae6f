import { onPostgres } from "@/tests/support/postgres-test-db";
import { beforeEach, describe, expect, it } from "vitest";
import { auditVerifyCommand } from "../../cli/commands/audit-verify";
import { db } from "../db";
import { appendAudit } from "./append-audit";
import { verifyAuditChain } from "./verify-audit-chain";

const actor = { type: "system" as const, label: "test" };

async function seedChain(n: number) {
  for (let i = 0; i < n; i++) {
    await db.$transaction((tx) => appendAudit(tx, { actor, action: `test.${i}`, ticketRef: `manual:${i}`, details: { i } }));
  }
  return db.auditEntry.findMany({ orderBy: { id: "asc" } });
}

beforeEach(async () => {
  await db.auditEntry.deleteMany();
});

describe("verifyAuditChain", () => {
  it("verifies an intact chain, and an empty one", async () => {
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: 0 });
    const entries = await seedChain(5);
    expect(await verifyAuditChain()).toEqual({ ok: true, entries: 5, headHash: entries[4]!.hash });
    expect(await auditVerifyCommand([])).toBe(0);
  });

  // Every stored column, edited by hand, must break the chain at that entry.
  const edits: Array<[string, string]> = [
    ["action", `"action" = 'test.forged'`],
    ["details", `"details" = '{"i":99}'`],
    ["actorLabel", `"actorLabel" = 'someone else'`],
    ["ticketRef", `"ticketRef" = 'manual:other'`],
    ["createdAt", onPostgres() ? `"createdAt" = "createdAt" + interval '1 second'` : `"createdAt" = "createdAt" + 1000`],
    ["hash", `"hash" = '${"a".repeat(64)}'`],
    ["prevHash", `"prevHash" = '${"b".repeat(64)}'`],
    ["recordingId", `"recordingId" = 'rec'`],
  ];
  it.each(edits)("names the entry whose %s was edited, and the CLI exits non-zero", async (_column, set) => {
    const entries = await seedChain(4);
    const target = entries[2]!;
    await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET ${set} WHERE "id" = ${target.id}`);
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: false, brokenId: target.id, entries: 2 });

    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      expect(await auditVerifyCommand([])).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors.join("\n")).toContain(`entry #${target.id}`);
  });

  it("names the entry after one that was deleted", async () => {
    const entries = await seedChain(4);
    await db.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "id" = ${entries[1]!.id}`);
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenId: entries[2]!.id });
  });
});
