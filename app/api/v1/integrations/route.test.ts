import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { POST as webhook } from "../../webhooks/[provider]/route";
import { auditActions, call, seedActors } from "@/tests/fixtures/route-helpers";
import { DELETE, PUT } from "./[provider]/route";
import { GET } from "./route";

let keys: { adminKey: string; agentKey: string };

beforeAll(async () => {
  keys = await seedActors();
});

const integration = async (provider: string) =>
  ((await call(GET, { key: keys.adminKey })).json.integrations as any[]).find((i) => i.provider === provider);

describe("/api/v1/integrations", () => {
  it("lists every provider with the URL to paste and no secret", async () => {
    const res = await call(GET, { key: keys.adminKey });
    expect(res.status).toBe(200);
    expect(res.json.integrations.map((i: any) => i.provider)).toEqual(["zendesk", "intercom", "freshdesk", "helpscout", "jira", "github", "generic"]);
    expect(res.json.integrations[0]).toMatchObject({ url: "http://glimpse.test/api/webhooks/zendesk", configured: false, envName: "GLIMPSE_WEBHOOK_SECRET_ZENDESK" });
  });

  it("saves a secret encrypted, never shows it again, and the webhook accepts it", async () => {
    const secret = "jira-secret-for-the-api-test";
    const res = await call(PUT, { method: "PUT", key: keys.adminKey, params: { provider: "jira" }, body: { secret } });
    expect(res).toMatchObject({ status: 200, json: { provider: "jira", configured: true } });
    expect(JSON.stringify(res.json)).not.toContain(secret);
    expect(await integration("jira")).toMatchObject({ configured: true, secretSource: "console" });
    expect(JSON.stringify((await call(GET, { key: keys.adminKey })).json)).not.toContain(secret);
    const row = await db.integrationSecret.findUniqueOrThrow({ where: { provider: "jira" }, omit: { secretEncrypted: false } });
    expect(Buffer.from(row.secretEncrypted).includes(Buffer.from(secret))).toBe(false);

    const body = JSON.stringify({ webhookEvent: "jira:issue_commented", issue: { key: "SUP-1" } });
    const req = new Request("http://glimpse.test/api/webhooks/jira", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` },
      body,
    });
    expect((await webhook(req, { params: Promise.resolve({ provider: "jira" }) })).status).toBe(200);
    const listed = await integration("jira");
    expect(listed.deliveries[0]).toMatchObject({ eventType: "jira:issue_commented", result: "ignored", statusCode: 200 });
  });

  it("generates a whsec_ secret for the generic sender and shows it once", async () => {
    const res = await call(PUT, { method: "PUT", key: keys.adminKey, params: { provider: "generic" }, body: { generate: true } });
    expect(res.status).toBe(200);
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(res.json.secret.slice(6), "base64").length).toBe(32);
    expect(JSON.stringify(await integration("generic"))).not.toContain(res.json.secret);
  });

  it("removes a secret", async () => {
    await call(PUT, { method: "PUT", key: keys.adminKey, params: { provider: "github" }, body: { secret: "github-secret-123" } });
    expect((await call(DELETE, { method: "DELETE", key: keys.adminKey, params: { provider: "github" } })).status).toBe(204);
    expect(await integration("github")).toMatchObject({ configured: false, secretSource: null });
    const actions = await auditActions();
    expect(actions).toContain("integration.secret_set");
    expect(actions).toContain("integration.secret_removed");
  });

  it("refuses bad input, unknown providers and agents", async () => {
    const put = (provider: string, body: unknown, key = keys.adminKey) => call(PUT, { method: "PUT", key, params: { provider }, body });
    expect((await put("generic", { secret: "not-a-whsec-secret" })).status).toBe(422);
    expect((await put("generic", { secret: "whsec_c2hvcnQ=" })).status).toBe(422);
    expect((await put("helpscout", { secret: "x".repeat(41) })).status).toBe(422);
    expect((await put("zendesk", { secret: "short" })).status).toBe(422);
    expect((await put("zendesk", { secret: "long-enough-secret", extra: 1 })).status).toBe(422);
    expect((await put("zendesk", { generate: false })).status).toBe(422);
    expect((await call(PUT, { method: "PUT", key: keys.adminKey, params: { provider: "zendesk" }, rawBody: "{oops", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await put("hubspot", { secret: "long-enough-secret" })).status).toBe(404);
    expect((await put("zendesk", { secret: "long-enough-secret" }, keys.agentKey)).status).toBe(403);
    expect((await call(GET, { key: keys.agentKey })).status).toBe(403);
  });
});
