import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditActions, call, seedActors } from "@/tests/fixtures/route-helpers";
import { GET as getTicket } from "./[id]/route";
import { POST as createLinkRoute } from "./[id]/links/route";
import { GET as listTickets, POST as createTicket } from "./route";
import { GET as getLink } from "../links/[id]/route";
import { POST as revokeLink } from "../links/[id]/revoke/route";

let s: Awaited<ReturnType<typeof seedActors>>;
beforeAll(async () => {
  s = await seedActors();
});

describe("tickets API", () => {
  it("creates a ticket once: 201, then 200 with the same ticket", async () => {
    const body = { source: "zendesk", externalId: "4711", subject: "Checkout fails" };
    const first = await call(createTicket, { method: "POST", key: s.agentKey, body });
    expect(first.status).toBe(201);
    expect(first.json.ticket).toMatchObject({ source: "zendesk", externalId: "4711", ref: "zendesk:4711", status: "open" });
    const again = await call(createTicket, { method: "POST", key: s.agentKey, body });
    expect(again.status).toBe(200);
    expect(again.json.ticket.id).toBe(first.json.ticket.id);
    expect(await db.ticket.count({ where: { externalId: "4711" } })).toBe(1);
    expect((await auditActions()).filter((a) => a === "ticket.created")).toHaveLength(1);
  });

  it("defaults source to manual", async () => {
    const res = await call(createTicket, { method: "POST", key: s.agentKey, body: { externalId: "M-1" } });
    expect(res.json.ticket.ref).toBe("manual:M-1");
  });

  it("lists with a status filter and a search on the external id", async () => {
    await call(createTicket, { method: "POST", key: s.agentKey, body: { externalId: "FIND-ME-42" } });
    const resolved = await call(createTicket, { method: "POST", key: s.agentKey, body: { externalId: "FIND-ME-43" } });
    await db.ticket.update({ where: { id: resolved.json.ticket.id }, data: { status: "resolved" } });

    const found = await call(listTickets, { key: s.agentKey, path: "/api/v1/tickets?q=FIND-ME" });
    expect(found.json.tickets.map((t: { externalId: string }) => t.externalId).sort()).toEqual(["FIND-ME-42", "FIND-ME-43"]);
    const open = await call(listTickets, { key: s.agentKey, path: "/api/v1/tickets?q=FIND-ME&status=open" });
    expect(open.json.tickets.map((t: { externalId: string }) => t.externalId)).toEqual(["FIND-ME-42"]);
    const anyCase = await call(listTickets, { key: s.agentKey, path: "/api/v1/tickets?q=find-me-42" });
    expect(anyCase.json.tickets.map((t: { externalId: string }) => t.externalId)).toEqual(["FIND-ME-42"]);
    const blank = await call(listTickets, { key: s.agentKey, path: "/api/v1/tickets?status=&q=" });
    expect(blank.status).toBe(200);
    expect(blank.json.tickets.length).toBeGreaterThanOrEqual(4);
  });

  it("creates a link (201, url once), shows it on the ticket without secrets, and revokes it", async () => {
    const ticket = (await call(createTicket, { method: "POST", key: s.agentKey, body: { externalId: "LINK-1" } })).json.ticket;
    const created = await call(createLinkRoute, { method: "POST", key: s.agentKey, params: { id: ticket.id }, body: { ttlMinutes: 30, maxDurationMinutes: 10 } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json.link).sort()).toEqual(["expiresAt", "id", "status", "url"]);
    expect(created.json.link.status).toBe("pending");
    const token = created.json.link.url.split("/r/")[1];

    const detail = await call(getTicket, { key: s.agentKey, params: { id: ticket.id } });
    expect(detail.status).toBe(200);
    expect(detail.json.links).toHaveLength(1);
    expect(detail.json.links[0]).toMatchObject({ id: created.json.link.id, status: "pending", maxDurationMinutes: 10 });
    expect(detail.json.recordings).toEqual([]);
    const text = JSON.stringify(detail.json);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/tokenHash|wrappedKey|uploadToken/);

    const one = await call(getLink, { key: s.agentKey, params: { id: created.json.link.id } });
    expect(one.json.link).toMatchObject({ id: created.json.link.id, status: "pending" });
    expect(JSON.stringify(one.json)).not.toContain(token);

    const revoked = await call(revokeLink, { method: "POST", key: s.agentKey, params: { id: created.json.link.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.link.status).toBe("revoked");
    const twice = await call(revokeLink, { method: "POST", key: s.agentKey, params: { id: created.json.link.id } });
    expect(twice.status).toBe(409);

    const entries = await db.auditEntry.findMany({ where: { ticketId: ticket.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["ticket.created", "link.created", "link.revoked"]);
    expect(entries.every((e) => e.actorType === "apiKey")).toBe(true);
  });
});
