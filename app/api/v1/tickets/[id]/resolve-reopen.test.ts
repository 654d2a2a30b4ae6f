import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { POST as createTicket } from "../route";
import { POST as createLink } from "./links/route";
import { POST as reopen } from "./reopen/route";
import { POST as resolve } from "./resolve/route";

let s: Awaited<ReturnType<typeof seedActors>>;
beforeAll(async () => {
  s = await seedActors();
});

async function newTicket(externalId: string) {
  return (await call(createTicket, { method: "POST", key: s.agentKey, body: { externalId } })).json.ticket.id as string;
}

describe("resolve and reopen routes", () => {
  it("resolve purges recordings and revokes open links; reopen opens the ticket again without data", async () => {
    const id = await newTicket("RES-1");
    const link = (await call(createLink, { method: "POST", key: s.agentKey, params: { id }, body: {} })).json.link;
    const recording = await db.recording.create({
      data: { linkId: link.id, ticketId: id, siteId: s.site.id, privacy: "{}", maxDurationMs: 60_000, status: "finished", storedBytes: 1234 },
    });
    await db.chunk.create({ data: { recordingId: recording.id, seq: 0, ciphertext: new Uint8Array(16), eventCount: 1, rawBytes: 10, firstTs: 1n, lastTs: 2n, digest: "d".repeat(64) } });

    const res = await call(resolve, { method: "POST", key: s.agentKey, params: { id }, body: { reason: "fixed" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ purgedRecordings: 1, purgedBytes: 1234 });
    expect(await db.chunk.count({ where: { recordingId: recording.id } })).toBe(0);
    expect((await db.link.findUniqueOrThrow({ where: { id: link.id } })).status).toBe("revoked");
    expect((await db.ticket.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");

    const refused = await call(createLink, { method: "POST", key: s.agentKey, params: { id }, body: {} });
    expect(refused.status).toBe(409);

    const reopened = await call(reopen, { method: "POST", key: s.agentKey, params: { id } });
    expect(reopened.status).toBe(200);
    expect(reopened.json.ticket).toMatchObject({ id, status: "open", ref: "manual:RES-1" });
    expect((await db.recording.findUniqueOrThrow({ where: { id: recording.id } })).status).toBe("purged");

    const actions = (await db.auditEntry.findMany({ where: { ticketId: id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["ticket.resolved", "recording.purged", "link.revoked", "ticket.reopened"]));
  });

  it.each([
    ["resolve", resolve],
    ["reopen", reopen],
  ] as const)("%s: bad input is a 4xx with the error shape", async (_name, handler) => {
    const id = await newTicket(`BAD-${_name}`);
    const shape = { error: { code: expect.any(String), message: expect.any(String) } };
    const cases: Array<[NonNullable<Parameters<typeof call>[1]>, number]> = [
      [{ method: "POST", params: { id } }, 401],
      [{ method: "POST", params: { id }, key: "glk_wrong" }, 401],
      [{ method: "POST", params: { id: "missing" }, key: s.agentKey }, 404],
      [{ method: "POST", params: { id }, key: s.agentKey, body: { unknown: true } }, 422],
      [{ method: "POST", params: { id }, key: s.agentKey, body: { reason: 5 } }, 422],
      [{ method: "POST", params: { id }, key: s.agentKey, rawBody: "{", headers: { "content-type": "application/json" } }, 400],
    ];
    for (const [opts, status] of cases) {
      const res = await call(handler, opts);
      expect({ opts: JSON.stringify(opts.body ?? opts.rawBody ?? null), status: res.status }).toEqual({ opts: JSON.stringify(opts.body ?? opts.rawBody ?? null), status });
      expect(res.json).toEqual(shape);
    }
  });
});
