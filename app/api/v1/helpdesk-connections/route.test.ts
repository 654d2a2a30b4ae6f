import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLink } from "@/lib/links/create-link";
import { dispatchDeliveries } from "@/lib/outbound/dispatch-deliveries";
import { createTicket } from "@/lib/tickets/create-ticket";
import { startZendeskReceiver } from "@/tests/fixtures/helpdesk-receivers/zendesk";
import { auditActions, call, seedActors } from "@/tests/fixtures/route-helpers";
import { POST as resend } from "./[id]/deliveries/[deliveryId]/resend/route";
import { GET as deliveries } from "./[id]/deliveries/route";
import { DELETE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

let keys: Awaited<ReturnType<typeof seedActors>>;
const TOKEN = "zd-api-token-9f8e7d6c5b4a";
const config = (baseUrl?: string) => ({ subdomain: "acme", email: "agent@example.test", apiToken: TOKEN, ...(baseUrl ? { baseUrl } : {}) });

beforeAll(async () => {
  keys = await seedActors();
});

const ROUTES = [
  { name: "GET /helpdesk-connections", handler: GET, method: "GET" },
  { name: "POST /helpdesk-connections", handler: POST, method: "POST", body: { provider: "zendesk", config: config() } },
  { name: "PATCH /helpdesk-connections/:id", handler: PATCH, method: "PATCH", body: { enabled: false } },
  { name: "DELETE /helpdesk-connections/:id", handler: DELETE, method: "DELETE" },
  { name: "GET /helpdesk-connections/:id/deliveries", handler: deliveries, method: "GET" },
  { name: "POST /helpdesk-connections/:id/deliveries/:deliveryId/resend", handler: resend, method: "POST", body: {} },
];

const create = (body: unknown) => call(POST, { method: "POST", key: keys.adminKey, body, path: "/api/v1/helpdesk-connections" });

describe("/api/v1/helpdesk-connections", () => {
  it("every route answers 401 without credentials and 403 to an agent, and changes nothing", async () => {
    const { json } = await create({ provider: "zendesk", config: config() });
    const params = { id: json.connection.id, deliveryId: "any" };
    for (const r of ROUTES) {
      const anonymous = await call(r.handler, { method: r.method, body: r.body, params });
      expect(anonymous.status, r.name).toBe(401);
      expect(anonymous.json.error.code, r.name).toBe("unauthorized");
      const agent = await call(r.handler, { method: r.method, body: r.body, params, key: keys.agentKey });
      expect(agent.status, r.name).toBe(403);
      expect(agent.json.error.code, r.name).toBe("forbidden");
    }
    expect(await db.helpdeskConnection.findMany({ select: { id: true, enabled: true } })).toEqual([{ id: json.connection.id, enabled: true }]);
    await call(DELETE, { method: "DELETE", key: keys.adminKey, params });
  });

  it("stores the credentials encrypted, never answers them, and audits connect and disconnect without them", async () => {
    const res = await create({ provider: "zendesk", config: config(), siteId: keys.site.id });
    expect(res.status).toBe(201);
    expect(res.json.connection).toMatchObject({ provider: "zendesk", label: "Zendesk", summary: "acme.zendesk.com as agent@example.test", siteId: keys.site.id, enabled: true });
    const id = res.json.connection.id;
    const listed = await call(GET, { key: keys.adminKey });
    expect(listed.json.connections).toEqual([expect.objectContaining({ id, counts: { pending: 0, delivered: 0, failed: 0 } })]);
    for (const text of [JSON.stringify(res.json), JSON.stringify(listed.json), JSON.stringify(await db.auditEntry.findMany())]) expect(text).not.toContain(TOKEN);
    const row = await db.helpdeskConnection.findUniqueOrThrow({ where: { id }, omit: { configEncrypted: false } });
    expect(Buffer.from(row.configEncrypted).includes(Buffer.from(TOKEN))).toBe(false);

    const twice = await create({ provider: "zendesk", config: config() });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe("conflict");

    const patched = await call(PATCH, { method: "PATCH", key: keys.adminKey, params: { id }, body: { config: { ...config(), apiToken: "another-token-123" }, siteId: null } });
    expect(patched.json.connection).toMatchObject({ siteId: null, summary: "acme.zendesk.com as agent@example.test" });
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain("another-token-123");

    expect((await call(DELETE, { method: "DELETE", key: keys.adminKey, params: { id } })).status).toBe(204);
    expect(await db.helpdeskConnection.count()).toBe(0);
    expect(await auditActions()).toEqual(expect.arrayContaining(["helpdesk_connection.created", "helpdesk_connection.updated", "helpdesk_connection.deleted"]));
  });

  it("refuses bad input with a 4xx and {error:{code,message}}, naming the field but never its value", async () => {
    const bad: [unknown, string][] = [
      [{ provider: "zendesk" }, "config"],
      [{ provider: "zendesk", config: { subdomain: "acme", email: "agent@example.test" } }, "config.apiToken"],
      [{ provider: "zendesk", config: { ...config(), email: "not-an-email" } }, "config.email"],
      [{ provider: "zendesk", config: { ...config(), subdomain: "a b" } }, "config.subdomain"],
      [{ provider: "zendesk", config: { ...config(), baseUrl: "ftp://x.test" } }, "config.baseUrl"],
      [{ provider: "zendesk", config: { ...config(), extra: 1 } }, "config"],
      [{ provider: "servicenow", config: {} }, "provider"],
      [{ provider: "generic", config: {} }, "provider"],
      [{ provider: "zendesk", config: config(), siteId: "no-such-site" }, "siteId"],
      [{ provider: "zendesk", config: config(), token: "x" }, "token"],
      [[], ""],
    ];
    for (const [body, message] of bad) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("unprocessable_entity");
      expect(res.json.error.message).toContain(message);
      expect(res.json.error.message).not.toContain(TOKEN);
    }
    expect(await db.helpdeskConnection.count()).toBe(0);
    const notJson = await call(POST, { method: "POST", key: keys.adminKey, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const unknown = { id: "hd_nope", deliveryId: "nope" };
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: unknown, body: { enabled: false } })).status).toBe(404);
    expect((await call(DELETE, { method: "DELETE", key: keys.adminKey, params: unknown })).status).toBe(404);
    expect((await call(deliveries, { key: keys.adminKey, params: unknown })).status).toBe(404);
    expect((await call(resend, { method: "POST", key: keys.adminKey, params: unknown, body: {} })).status).toBe(404);
    const { json } = await create({ provider: "zendesk", config: config() });
    const id = { id: json.connection.id };
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: {} })).status).toBe(422);
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { config: { subdomain: "acme" } } })).status).toBe(422);
    expect((await call(deliveries, { key: keys.adminKey, params: id, path: "/x?limit=0" })).status).toBe(422);
    await call(DELETE, { method: "DELETE", key: keys.adminKey, params: id });
  });

  it("the note log and Resend work over the API; a disabled connection gets no note and refuses Resend", async () => {
    const receiver = await startZendeskReceiver({ email: "agent@example.test", apiToken: TOKEN });
    try {
      receiver.queueResponse(500, {}, { error: "InternalError" });
      const { json } = await create({ provider: "zendesk", config: config(receiver.url) });
      const id = { id: json.connection.id };
      const system = { type: "system" as const, label: "test" };
      const { ticket } = await createTicket({ input: { source: "zendesk", externalId: "321" }, actor: system });
      await createLink({ ticketId: ticket.id, input: {}, actor: system });
      await dispatchDeliveries();
      const log = await call(deliveries, { key: keys.adminKey, params: id });
      expect(log.json.deliveries).toEqual([expect.objectContaining({ eventType: "link.created", status: "pending", attempts: 1, lastStatus: 500 })]);
      const again = await call(resend, { method: "POST", key: keys.adminKey, params: { ...id, deliveryId: log.json.deliveries[0].id }, body: {} });
      expect(again.json.delivery).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
      expect(receiver.accepted).toHaveLength(1);

      await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { enabled: false } });
      await createLink({ ticketId: ticket.id, input: {}, actor: system });
      expect(await db.outboundDelivery.count({ where: { connectionId: id.id } })).toBe(1);
      const refused = await call(resend, { method: "POST", key: keys.adminKey, params: { ...id, deliveryId: log.json.deliveries[0].id }, body: {} });
      expect(refused.status).toBe(409);
      await call(DELETE, { method: "DELETE", key: keys.adminKey, params: id });
    } finally {
      await receiver.close();
    }
  });
});
