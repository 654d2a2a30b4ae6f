import { beforeAll, describe, expect, it } from "vitest";
import { GET as listPreviewsRoute, POST as startPreviewRoute } from "@/app/api/v1/sites/[id]/previews/route";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db";
import { createLink } from "@/lib/links/create-link";
import { finishRecording } from "@/lib/recorder-sessions/finish-recording";
import { canWatchRecording } from "@/lib/recordings/can-watch-recording";
import { getRecordingDetail } from "@/lib/recordings/get-recording-detail";
import { createTicket } from "@/lib/tickets/create-ticket";
import { getTicketDetail } from "@/lib/tickets/get-ticket-detail";
import { listTickets } from "@/lib/tickets/list-tickets";
import { createAdmin, createPreviewSite, recordPreview, uploadPreviewBatch } from "@/tests/fixtures/previews";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { getPreview } from "./get-preview";

const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
const txt = (id: number, textContent: string) => ({ type: 3, id, textContent });

/** A checkout page as the recorder sends it: a heading, a paragraph its mask selector masked, a labelled button and a typed field. */
function checkoutBatch(t0: number) {
  const body = el(4, "body", {}, [
    el(10, "h1", {}, [txt(11, "Checkout heading 7731")]),
    el(12, "p", { id: "account" }, [txt(13, "******* ****** ***** ******")]),
    el(14, "button", { "aria-label": "Pay now" }, [txt(15, "Pay")]),
    el(16, "input", { id: "name", type: "text", value: "Zelda typed" }),
  ]);
  return [
    { type: 4, timestamp: t0, data: { href: "https://shop.preview.example/checkout", width: 1280, height: 720 } },
    { type: 2, timestamp: t0 + 1, data: { node: { type: 0, id: 1, childNodes: [el(2, "html", {}, [el(3, "head", {}, []), body])] }, initialOffset: { top: 0, left: 0 } } },
    { type: 3, timestamp: t0 + 2, data: { source: 5, id: 16, text: "Zelda typed", isChecked: false } },
  ];
}

let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  admin = await createAdmin("Ada Preview");
});

describe("a privacy preview", () => {
  it("goes through the customer's flow on a ticket of its own, marked preview in the audit log, and lists what it kept in clear", async () => {
    const site = await createPreviewSite({ privacyPreset: "balanced", maskSelectors: "#account" });
    const { started, page, session } = await recordPreview({ siteId: site.id, actor: admin.actor });
    expect(page).toMatchObject({ kind: "ask", preview: { by: "Ada Preview" } });
    expect(session.privacy).toMatchObject({ preset: "balanced" });

    await uploadPreviewBatch(session, 0, checkoutBatch(Date.now()));
    await finishRecording({ recordingId: session.recordingId, reason: "customer" });

    const { preview, visible, detail } = await getPreview({ siteId: site.id, previewId: started.id, actor: admin.actor });
    expect(preview).toMatchObject({ state: "ready", by: "Ada Preview", recording: { id: session.recordingId, status: "finished" } });
    expect(detail?.recording.ticket.preview).toBe(true);
    const values = visible!.items.map((i) => i.value);
    expect(values).toEqual(expect.arrayContaining(["Checkout heading 7731", "Pay now", "Pay"]));
    // Typed values are masked again by the server whatever the recorder sent.
    expect(values.join("\n")).not.toContain("Zelda");

    const entries = await db.auditEntry.findMany({ where: { ticketId: started.id }, orderBy: { id: "asc" } });
    const byAction = new Map(entries.map((e) => [e.action, JSON.parse(e.details) as Record<string, unknown>]));
    for (const action of ["ticket.created", "link.created", "recording.started"]) expect(byAction.get(action), action).toMatchObject({ preview: true });
    expect(entries.find((e) => e.action === "recording.viewed")?.actorId).toBe(admin.user.id);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("is labelled in the ticket list, and customers' tickets and links are not marked", async () => {
    const site = await createPreviewSite();
    const { started } = await recordPreview({ siteId: site.id, actor: admin.actor });
    const { ticket } = await createTicket({ input: { source: "manual", externalId: `C-${Math.random()}` }, actor: admin.actor });
    const { link } = await createLink({ ticketId: ticket.id, input: { siteId: site.id }, actor: admin.actor });
    const listed = await listTickets({ limit: 200 });
    expect(listed.find((t) => t.id === started.id)).toMatchObject({ preview: true, subject: `Privacy preview of ${site.name}` });
    expect(listed.find((t) => t.id === ticket.id)).toMatchObject({ preview: false });
    const created = await db.auditEntry.findFirstOrThrow({ where: { action: "link.created", linkId: link.id } });
    expect(JSON.parse(created.details)).not.toHaveProperty("preview");
  });

  it("takes no customer link, and a customer ticket takes no preview link", async () => {
    const site = await createPreviewSite();
    const { started } = await recordPreview({ siteId: site.id, actor: admin.actor });
    await expect(createLink({ ticketId: started.id, input: { siteId: site.id }, actor: admin.actor })).rejects.toMatchObject({ code: "conflict" });
    const { ticket } = await createTicket({ input: { source: "manual", externalId: `C-${Math.random()}` }, actor: admin.actor });
    await expect(createLink({ ticketId: ticket.id, input: { siteId: site.id }, actor: admin.actor, preview: true })).rejects.toMatchObject({ code: "conflict" });
  });

  it("is for admins only: an agent may not watch it even when every agent may watch recordings, nor open the preview", async () => {
    await db.setting.upsert({ where: { key: "allAgentsCanWatch" }, create: { key: "allAgentsCanWatch", value: "true" }, update: { value: "true" } });
    try {
      const site = await createPreviewSite();
      const { started, session } = await recordPreview({ siteId: site.id, actor: admin.actor });
      await finishRecording({ recordingId: session.recordingId, reason: "customer" });
      const { actors } = { actors: await seedActors() };
      const agent = { type: "user" as const, id: actors.agent.id, label: actors.agent.email, role: "agent" as const, userId: actors.agent.id };
      const owners = { ticket: { assigneeId: null, preview: true }, link: { createdById: null } };
      expect(await canWatchRecording({ viewer: agent, recording: owners })).toBe(false);
      expect(await canWatchRecording({ viewer: agent, recording: { ...owners, ticket: { assigneeId: null, preview: false } } })).toBe(true);
      await expect(getRecordingDetail({ actor: agent, recordingId: session.recordingId })).rejects.toMatchObject({ code: "not_found" });
      await expect(getPreview({ siteId: site.id, previewId: started.id, actor: agent })).rejects.toMatchObject({ code: "not_found" });
      expect((await getTicketDetail({ ticketId: started.id, viewer: agent })).recordings).toEqual([{ canWatch: false }]);
    } finally {
      await db.setting.update({ where: { key: "allAgentsCanWatch" }, data: { value: "false" } });
    }
  });
});

describe("POST /api/v1/sites/:id/previews", () => {
  it("answers an admin with the link once, and refuses the signed-out, agents, bad bodies and unknown sites", async () => {
    const s = await seedActors();
    const site = await createPreviewSite();
    const params = { id: site.id };
    expect((await call(startPreviewRoute, { method: "POST", params })).status).toBe(401);
    const agent = await call(startPreviewRoute, { method: "POST", key: s.agentKey, params });
    expect(agent.status).toBe(403);
    expect(agent.json).toMatchObject({ error: { code: "forbidden" } });
    expect((await call(listPreviewsRoute, { key: s.agentKey, params })).status).toBe(403);
    expect((await call(startPreviewRoute, { method: "POST", key: s.adminKey, params, body: { siteId: "x" } })).status).toBe(422);
    expect((await call(startPreviewRoute, { method: "POST", key: s.adminKey, params, rawBody: "{nope", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await call(startPreviewRoute, { method: "POST", key: s.adminKey, params: { id: "no-such-site" } })).status).toBe(404);
    expect(await db.ticket.count({ where: { preview: true, links: { some: { siteId: site.id } } } })).toBe(0);

    const created = await call(startPreviewRoute, { method: "POST", key: s.adminKey, params, body: {} });
    expect(created.status).toBe(201);
    expect(created.json.preview.url).toMatch(/^http:\/\/glimpse\.test\/r\/.{20,}$/);
    const listed = await call(listPreviewsRoute, { key: s.adminKey, params });
    expect(listed.status).toBe(200);
    expect(listed.json.previews).toEqual([expect.objectContaining({ id: created.json.preview.id, state: "waiting", linkStatus: "pending", recording: null })]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.preview.url.split("/r/")[1]);
  });
});
