import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { POST as revokeKey } from "./api-keys/[id]/revoke/route";
import { GET as listKeys, POST as createKey } from "./api-keys/route";
import { GET as listAudit } from "./audit/route";
import { GET as getSettings, PATCH as patchSettings } from "./settings/route";
import { PATCH as patchSite } from "./sites/[id]/route";
import { GET as listSites, POST as createSite } from "./sites/route";
import { GET as listTickets, POST as createTicket } from "./tickets/route";
import { PATCH as patchUser } from "./users/[id]/route";
import { GET as listUsers, POST as createUser } from "./users/route";
import { POST as setup } from "./setup/route";

let s: Awaited<ReturnType<typeof seedActors>>;
beforeAll(async () => {
  s = await seedActors();
});

describe("setup", () => {
  it("refuses once there are users", async () => {
    const res = await call(setup, { method: "POST", body: { email: "first@example.test", name: "First", password: "long enough password" } });
    expect(res.status).toBe(409);
  });
});

describe("API keys", () => {
  it("shows the key once, lists it by prefix only, and a revoked key stops working at once", async () => {
    const created = await call(createKey, { method: "POST", key: s.adminKey, body: { name: "zapier" } });
    expect(created.status).toBe(201);
    const key: string = created.json.key;
    expect(key.startsWith(created.json.apiKey.prefix)).toBe(true);
    const listed = await call(listKeys, { key: s.adminKey });
    expect(JSON.stringify(listed.json)).not.toContain(key);
    expect(listed.json.apiKeys.find((k: { id: string }) => k.id === created.json.apiKey.id)).toMatchObject({ name: "zapier", revokedAt: null });

    expect((await call(listTickets, { key })).status).toBe(200);
    expect((await call(revokeKey, { method: "POST", key: s.adminKey, params: { id: created.json.apiKey.id } })).status).toBe(200);
    expect((await call(listTickets, { key })).status).toBe(401);
    expect((await call(revokeKey, { method: "POST", key: s.adminKey, params: { id: created.json.apiKey.id } })).status).toBe(409);
  });
});

describe("team", () => {
  it("creates an agent, disables them (their key stops working), and enables them again", async () => {
    const created = await call(createUser, { method: "POST", key: s.adminKey, body: { email: "New.Agent@Example.test", name: "New", password: "a long password" } });
    expect(created.status).toBe(201);
    expect(created.json.user).toMatchObject({ email: "new.agent@example.test", role: "agent", disabled: false });
    expect(JSON.stringify(created.json)).not.toContain("passwordHash");

    const dup = await call(createUser, { method: "POST", key: s.adminKey, body: { email: "new.agent@example.test", name: "Again", password: "a long password" } });
    expect(dup.status).toBe(409);

    const disabled = await call(patchUser, { method: "PATCH", key: s.adminKey, params: { id: s.agent.id }, body: { disabled: true } });
    expect(disabled.json.user.disabled).toBe(true);
    expect((await call(listTickets, { key: s.agentKey })).status).toBe(401);
    await call(patchUser, { method: "PATCH", key: s.adminKey, params: { id: s.agent.id }, body: { disabled: false } });
    expect((await call(listTickets, { key: s.agentKey })).status).toBe(200);

    const actions = (await db.auditEntry.findMany({ where: { action: { startsWith: "user." } } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.created", "user.disabled", "user.enabled"]));
  });

  it("keeps at least one active admin and never lets an admin lock themselves out", async () => {
    const self = await call(patchUser, { method: "PATCH", key: s.adminKey, params: { id: s.admin.id }, body: { disabled: true } });
    expect(self.status).toBe(409);
    const demote = await call(patchUser, { method: "PATCH", key: s.adminKey, params: { id: s.admin.id }, body: { role: "agent" } });
    expect(demote.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: s.admin.id } })).role).toBe("admin");
  });

  it("lists users without password hashes", async () => {
    const res = await call(listUsers, { key: s.adminKey });
    expect(res.json.users.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(res.json)).not.toMatch(/passwordHash|scrypt/);
  });
});

describe("sites", () => {
  it("adds a site with normalised origins and a snippet, and checks the start URL on edit", async () => {
    const res = await call(createSite, {
      method: "POST",
      key: s.adminKey,
      body: { name: "Shop", allowedOrigins: ["https://Shop.Example.com/anything"], startUrl: "https://shop.example.com/help" },
    });
    expect(res.status).toBe(201);
    expect(res.json.site).toMatchObject({ allowedOrigins: ["https://shop.example.com"], privacyPreset: "strict" });
    expect(res.json.site.snippet).toBe(`<script async src="http://glimpse.test/g.js" data-site="${res.json.site.siteKey}"></script>`);

    const bad = await call(patchSite, { method: "PATCH", key: s.adminKey, params: { id: res.json.site.id }, body: { startUrl: "https://elsewhere.example/" } });
    expect(bad.status).toBe(422);
    // The server re-checks unmasked text without a browser, so it refuses selectors it cannot match on the recorded tree.
    const complex = await call(patchSite, { method: "PATCH", key: s.adminKey, params: { id: res.json.site.id }, body: { unmaskSelectors: "nav, main > p" } });
    expect(complex.status).toBe(422);
    expect(complex.json.error.message).toContain('"main > p" is not supported');
    const ok = await call(patchSite, {
      method: "PATCH",
      key: s.adminKey,
      params: { id: res.json.site.id },
      body: { privacyPreset: "balanced", unmaskSelectors: ".product-title, nav, [role=alert], button.primary", allowedOrigins: ["https://shop.example.com", "https://www.shop.example.com"] },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.site).toMatchObject({ privacyPreset: "balanced", unmaskSelectors: ".product-title, nav, [role=alert], button.primary", name: "Shop" });
    const listed = await call(listSites, { key: s.agentKey });
    expect(listed.json.sites.map((x: { name: string }) => x.name)).toEqual(["Demo shop", "Shop"]);
  });
});

describe("settings", () => {
  it("changes only the keys sent, audits the change, and refuses bad values", async () => {
    await call(patchSettings, { method: "PATCH", key: s.adminKey, body: { graceMinutes: 15 } });
    const res = await call(patchSettings, { method: "PATCH", key: s.adminKey, body: { retentionHours: 48 } });
    expect(res.json.settings).toMatchObject({ retentionHours: 48, graceMinutes: 15, linkTtlMinutes: 1440 });
    expect((await call(getSettings, { key: s.agentKey })).json.settings.retentionHours).toBe(48);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(JSON.parse(entry.details)).toEqual({ changes: { retentionHours: { from: 720, to: 48 } } });
    expect((await call(patchSettings, { method: "PATCH", key: s.adminKey, body: { retentionHours: 0 } })).status).toBe(422);
  });
});

describe("audit", () => {
  it("lists newest first, filters by ticket id or reference, and pages", async () => {
    const t = (await call(createTicket, { method: "POST", key: s.agentKey, body: { source: "jira", externalId: "SUP-9" } })).json.ticket;
    const byId = await call(listAudit, { key: s.adminKey, path: `/api/v1/audit?ticketId=${t.id}` });
    expect(byId.json.entries.map((e: { action: string }) => e.action)).toEqual(["ticket.created"]);
    const byRef = await call(listAudit, { key: s.adminKey, path: "/api/v1/audit?ticketId=jira:SUP-9" });
    expect(byRef.json.entries).toHaveLength(1);

    const page1 = await call(listAudit, { key: s.adminKey, path: "/api/v1/audit?limit=2" });
    expect(page1.json.entries).toHaveLength(2);
    expect(page1.json.entries[0].id).toBeGreaterThan(page1.json.entries[1].id);
    const page2 = await call(listAudit, { key: s.adminKey, path: `/api/v1/audit?limit=2&before=${page1.json.nextBefore}` });
    expect(page2.json.entries[0].id).toBeLessThan(page1.json.entries[1].id);
  });
});
