import { beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append-audit";
import { auditHash } from "@/lib/audit/audit-hash";
import { db } from "@/lib/db";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { GET } from "./route";

let keys: { adminKey: string; agentKey: string };

beforeAll(async () => {
  keys = await seedActors();
  const actor = { type: "system" as const, label: "=HYPERLINK(\"http://evil\")" };
  await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.one", ticketId: "t1", ticketRef: "zendesk:1", details: { note: "a, \"quoted\"\nline" } }));
  await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.two", ticketId: "t2", ticketRef: "zendesk:2" }));
});

describe("GET /api/v1/audit/export", () => {
  it("exports JSON with the hashes, in chain order, and audits the export", async () => {
    const res = await call(GET, { path: "/api/v1/audit/export?format=json", key: keys.adminKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="glimpse-audit-.*\.json"$/);
    const entries = res.json.entries as Array<Record<string, any>>;
    expect(entries.length).toBeGreaterThan(2);
    // The exported entries verify on their own.
    for (let i = 1; i < entries.length; i++) {
      const e = entries[i]!;
      expect(e.prevHash).toBe(entries[i - 1]!.hash);
      expect(auditHash(e.prevHash, { ...e, createdAt: new Date(e.createdAt) } as any)).toBe(e.hash);
    }
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last.action).toBe("audit.exported");
    expect(JSON.parse(last.details)).toMatchObject({ format: "json", entries: entries.length });
  });

  it("filters by ticket (id or reference) and period", async () => {
    const byId = await call(GET, { path: "/api/v1/audit/export?ticketId=t1", key: keys.adminKey });
    expect(byId.json.entries.map((e: any) => e.action)).toEqual(["test.one"]);
    const byRef = await call(GET, { path: "/api/v1/audit/export?ticketId=zendesk:2", key: keys.adminKey });
    expect(byRef.json.entries.map((e: any) => e.action)).toEqual(["test.two"]);
    const future = await call(GET, { path: `/api/v1/audit/export?from=${new Date(Date.now() + 60_000).toISOString()}`, key: keys.adminKey });
    expect(future.json.entries).toEqual([]);
    const past = await call(GET, { path: "/api/v1/audit/export?to=2000-01-01", key: keys.adminKey });
    const today = await call(GET, { path: `/api/v1/audit/export?ticketId=t1&from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`, key: keys.adminKey });
    expect(today.json.entries.map((e: any) => e.action)).toEqual(["test.one"]);
    expect(past.json.entries).toEqual([]);
  });

  it("exports CSV with quoting, and defuses spreadsheet formulas", async () => {
    const res = await GET(new Request("http://glimpse.test/api/v1/audit/export?format=csv&ticketId=t1", { headers: { authorization: `Bearer ${keys.adminKey}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    const [header, ...rest] = text.trimEnd().split("\r\n");
    expect(header).toBe("id,createdAt,actorType,actorId,actorLabel,action,ticketId,ticketRef,linkId,recordingId,details,prevHash,hash");
    const row = rest.join("\r\n");
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain(`"{""note"":""a, \\""quoted\\""\\nline""}"`);
  });

  it("is for admins only, and refuses bad input with 422", async () => {
    expect((await call(GET, { path: "/api/v1/audit/export", key: keys.agentKey })).status).toBe(403);
    expect((await call(GET, { path: "/api/v1/audit/export" })).status).toBe(401);
    for (const q of ["format=xml", "from=yesterday", "to=2024-13-45", "extra=1", "from=%2B010000-01-01", "to=-000001-01-01"]) {
      const res = await call(GET, { path: `/api/v1/audit/export?${q}`, key: keys.adminKey });
      expect(res.status, q).toBe(422);
      expect(res.json.error.code).toBe("unprocessable_entity");
    }
  });
});
