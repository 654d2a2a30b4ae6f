import { beforeAll, describe, expect, it } from "vitest";
import { updateSettings } from "@/lib/settings/update-settings";
import { checkpointEvents, createRecordingFixture } from "@/tests/fixtures/recordings";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { GET as listTickets } from "../route";
import { GET as getTicket } from "./route";

let s: Awaited<ReturnType<typeof seedActors>>;
let fixture: Awaited<ReturnType<typeof createRecordingFixture>>;
beforeAll(async () => {
  s = await seedActors();
  fixture = await createRecordingFixture({ requesterId: s.admin.id, batches: [checkpointEvents(Date.now() - 5000, "https://shop.example/")], status: "finished" });
});

describe("GET /api/v1/tickets/:id and who may watch", () => {
  it("shows an agent who may not watch only that a recording exists", async () => {
    const res = await call(getTicket, { key: s.agentKey, params: { id: fixture.ticketId } });
    expect(res.status).toBe(200);
    expect(res.json.recordings).toEqual([{ canWatch: false }]);
    expect(JSON.stringify(res.json)).not.toContain(fixture.recordingId);
  });

  it("shows the whole recording to those who may watch it: admins, and every agent when the setting is on", async () => {
    const admin = await call(getTicket, { key: s.adminKey, params: { id: fixture.ticketId } });
    expect(admin.json.recordings).toEqual([
      expect.objectContaining({ canWatch: true, id: fixture.recordingId, linkId: fixture.linkId, status: "finished", eventCount: 2, storedBytes: expect.any(Number) }),
    ]);
    const system = { type: "user" as const, id: s.admin.id, label: s.admin.email, role: "admin" as const };
    await updateSettings({ allAgentsCanWatch: true }, system);
    try {
      const agent = await call(getTicket, { key: s.agentKey, params: { id: fixture.ticketId } });
      expect(agent.json.recordings[0]).toMatchObject({ canWatch: true, id: fixture.recordingId });
    } finally {
      await updateSettings({ allAgentsCanWatch: false }, system);
    }
  });

  it("answers no-store, success and error alike (issue 8, item 27)", async () => {
    for (const res of [
      await call(listTickets, { key: s.agentKey, path: "/api/v1/tickets" }),
      await call(getTicket, { key: s.agentKey, params: { id: fixture.ticketId } }),
      await call(getTicket, { key: s.agentKey, params: { id: "nope" } }),
      await call(listTickets, { path: "/api/v1/tickets" }),
    ]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });
});
