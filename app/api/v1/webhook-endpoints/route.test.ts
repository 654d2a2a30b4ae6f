import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dispatchDeliveries } from "@/lib/outbound/dispatch-deliveries";
import { createLink } from "@/lib/links/create-link";
import { createTicket } from "@/lib/tickets/create-ticket";
import { auditActions, call, seedActors } from "@/tests/fixtures/route-helpers";
import { startReceiver } from "@/tests/fixtures/webhook-receiver";
import { POST as resend } from "./[id]/deliveries/[deliveryId]/resend/route";
import { GET as deliveries } from "./[id]/deliveries/route";
import { DELETE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

let keys: { adminKey: string; agentKey: string };

beforeAll(async () => {
  keys = await seedActors();
});

const ROUTES = [
  { name: "GET /webhook-endpoints", handler: GET, method: "GET" },
  { name: "POST /webhook-endpoints", handler: POST, method: "POST", body: { url: "https://example.test/hook", eventTypes: ["link.created"] } },
  { name: "PATCH /webhook-endpoints/:id", handler: PATCH, method: "PATCH", body: { enabled: false } },
  { name: "DELETE /webhook-endpoints/:id", handler: DELETE, method: "DELETE" },
  { name: "GET /webhook-endpoints/:id/deliveries", handler: deliveries, method: "GET" },
  { name: "POST /webhook-endpoints/:id/deliveries/:deliveryId/resend", handler: resend, method: "POST", body: {} },
];

async function create(body: unknown) {
  return call(POST, { method: "POST", key: keys.adminKey, body, path: "/api/v1/webhook-endpoints" });
}

describe("/api/v1/webhook-endpoints", () => {
  it("every route answers 401 without credentials and 403 to an agent, and changes nothing", async () => {
    const { json } = await create({ url: "https://example.test/hook", eventTypes: ["link.created"] });
    const params = { id: json.endpoint.id, deliveryId: "any" };
    for (const r of ROUTES) {
      const anonymous = await call(r.handler, { method: r.method, body: r.body, params });
      expect(anonymous.status, r.name).toBe(401);
      expect(anonymous.json.error.code, r.name).toBe("unauthorized");
      const agent = await call(r.handler, { method: r.method, body: r.body, params, key: keys.agentKey });
      expect(agent.status, r.name).toBe(403);
      expect(anonymous.headers.get("cache-control"), r.name).toBe("no-store");
    }
    expect(await db.webhookEndpoint.findMany({ select: { id: true, enabled: true } })).toEqual([{ id: json.endpoint.id, enabled: true }]);
    await call(DELETE, { method: "DELETE", key: keys.adminKey, params });
  });

  it("shows the whsec_ secret once, stores it encrypted, and audits creation, the secret shown and deletion", async () => {
    const res = await create({ url: "https://hooks.example.test/glimpse?team=1", eventTypes: ["recording.purged", "link.created"], description: "CRM" });
    expect(res.status).toBe(201);
    const { endpoint, secret } = res.json;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(endpoint).toMatchObject({ url: "https://hooks.example.test/glimpse?team=1", eventTypes: ["link.created", "recording.purged"], enabled: true, description: "CRM" });

    const listed = await call(GET, { key: keys.adminKey });
    expect(listed.json.endpoints).toEqual([expect.objectContaining({ id: endpoint.id, counts: { pending: 0, delivered: 0, failed: 0 } })]);
    expect(JSON.stringify(listed.json)).not.toContain(secret.slice(6));
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, omit: { secretEncrypted: false } });
    expect(Buffer.from(row.secretEncrypted).includes(Buffer.from(secret.slice(6)))).toBe(false);
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain(secret.slice(6));

    expect((await call(DELETE, { method: "DELETE", key: keys.adminKey, params: { id: endpoint.id } })).status).toBe(204);
    expect(await db.webhookEndpoint.count()).toBe(0);
    const actions = await auditActions();
    expect(actions).toEqual(expect.arrayContaining(["webhook_endpoint.created", "webhook_endpoint.secret_shown", "webhook_endpoint.deleted"]));
    const created = await db.auditEntry.findFirstOrThrow({ where: { action: "webhook_endpoint.created" }, orderBy: { id: "desc" } });
    // Receivers often carry a token in the URL: the audit log names the origin only.
    expect(JSON.parse(created.details)).toEqual({ endpointId: endpoint.id, origin: "https://hooks.example.test", eventTypes: ["link.created", "recording.purged"] });
  });

  it("refuses bad input with a 4xx and {error:{code,message}}", async () => {
    const bad: [unknown, string][] = [
      [{ url: "ftp://example.test/hook", eventTypes: ["link.created"] }, "url"],
      [{ url: "javascript:alert(1)", eventTypes: ["link.created"] }, "url"],
      [{ url: "https://user:pw@example.test/hook", eventTypes: ["link.created"] }, "user name or password"],
      [{ url: "https://user@example.test/hook", eventTypes: ["link.created"] }, "user name or password"],
      [{ url: "not a url", eventTypes: ["link.created"] }, "url"],
      [{ url: "https://example.test/hook", eventTypes: [] }, "at least one"],
      [{ url: "https://example.test/hook", eventTypes: ["ticket.created"] }, "eventTypes"],
      [{ url: "https://example.test/hook" }, "eventTypes"],
      [{ url: "https://example.test/hook", eventTypes: ["link.created"], secret: "whsec_mine" }, "secret"],
      [[], ""],
    ];
    for (const [body, message] of bad) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("unprocessable_entity");
      expect(res.json.error.message).toContain(message);
    }
    const notJson = await call(POST, { method: "POST", key: keys.adminKey, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe("bad_request");
    const text = await call(POST, { method: "POST", key: keys.adminKey, rawBody: "url=x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);

    const unknown = { id: "ep_nope", deliveryId: "nope" };
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: unknown, body: { enabled: false } })).status).toBe(404);
    expect((await call(DELETE, { method: "DELETE", key: keys.adminKey, params: unknown })).status).toBe(404);
    expect((await call(deliveries, { key: keys.adminKey, params: unknown })).status).toBe(404);
    expect((await call(resend, { method: "POST", key: keys.adminKey, params: unknown, body: {} })).json.error.code).toBe("not_found");

    const { json } = await create({ url: "https://example.test/hook", eventTypes: ["link.created"] });
    const id = { id: json.endpoint.id };
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: {} })).status).toBe(422);
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { enabled: "no" } })).status).toBe(422);
    expect((await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { url: "http://a:b@example.test" } })).status).toBe(422);
    expect((await call(deliveries, { key: keys.adminKey, params: id, path: "/x?limit=0" })).status).toBe(422);
    expect((await call(deliveries, { key: keys.adminKey, params: id, path: "/x?limit=abc" })).status).toBe(422);
    await call(DELETE, { method: "DELETE", key: keys.adminKey, params: id });
  });

  it("a disabled endpoint gets no deliveries; the log and Resend work over the API", async () => {
    const receiver = await startReceiver({ respond: (_req, n) => (n === 1 ? { status: 500 } : { status: 200 }) });
    try {
      const { json } = await create({ url: receiver.url("/hook"), eventTypes: ["link.created"] });
      receiver.trust("/hook", json.secret);
      const id = { id: json.endpoint.id };
      const system = { type: "system" as const, label: "test" };
      const { ticket } = await createTicket({ input: { source: "jira", externalId: "API-1" }, actor: system });

      const off = await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { enabled: false } });
      expect(off.json.endpoint.enabled).toBe(false);
      await createLink({ ticketId: ticket.id, input: {}, actor: system });
      expect(await db.outboundDelivery.count()).toBe(0);

      await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { enabled: true } });
      await createLink({ ticketId: ticket.id, input: {}, actor: system });
      await dispatchDeliveries();
      const log = await call(deliveries, { key: keys.adminKey, params: id });
      expect(log.json.deliveries).toEqual([expect.objectContaining({ eventType: "link.created", status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500" })]);

      const again = await call(resend, { method: "POST", key: keys.adminKey, params: { ...id, deliveryId: log.json.deliveries[0].id }, body: {} });
      expect(again.status).toBe(200);
      expect(again.json.delivery).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
      expect(receiver.received.map((r) => [r.verified.ok, r.answered])).toEqual([
        [true, 500],
        [true, 200],
      ]);
      const listed = await call(GET, { key: keys.adminKey });
      expect(listed.json.endpoints[0].counts).toEqual({ pending: 0, delivered: 1, failed: 0 });

      await call(PATCH, { method: "PATCH", key: keys.adminKey, params: id, body: { enabled: false } });
      const refused = await call(resend, { method: "POST", key: keys.adminKey, params: { ...id, deliveryId: log.json.deliveries[0].id }, body: {} });
      expect(refused.status).toBe(409);
    } finally {
      await receiver.close();
    }
  });
});
