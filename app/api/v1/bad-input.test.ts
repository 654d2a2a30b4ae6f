import { beforeAll, describe, expect, it } from "vitest";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import * as apiKeyRevoke from "./api-keys/[id]/revoke/route";
import * as apiKeys from "./api-keys/route";
import * as audit from "./audit/route";
import * as linkRevoke from "./links/[id]/revoke/route";
import * as link from "./links/[id]/route";
import * as settings from "./settings/route";
import * as setup from "./setup/route";
import * as site from "./sites/[id]/route";
import * as sites from "./sites/route";
import * as ticketLinks from "./tickets/[id]/links/route";
import * as ticket from "./tickets/[id]/route";
import * as tickets from "./tickets/route";
import * as user from "./users/[id]/route";
import * as users from "./users/route";

type THandler = Parameters<typeof call>[0];
type TCase = {
  name: string;
  handler: THandler;
  method: string;
  path?: string;
  /** A valid body, so that the auth and role checks are what fails. */
  body?: unknown;
  params?: Record<string, string>;
  role: "agent" | "admin";
  /** Bodies that must be refused with 422. */
  invalid?: unknown[];
  query?: string[];
};

let s: Awaited<ReturnType<typeof seedActors>>;
let ticketId: string;
let linkId: string;
let userId: string;
let apiKeyId: string;

beforeAll(async () => {
  s = await seedActors();
  ticketId = (await call(tickets.POST, { method: "POST", key: s.agentKey, body: { externalId: "BAD-1" } })).json.ticket.id;
  linkId = (await call(ticketLinks.POST, { method: "POST", key: s.agentKey, params: { id: ticketId }, body: {} })).json.link.id;
  userId = s.agent.id;
  apiKeyId = (await call(apiKeys.POST, { method: "POST", key: s.adminKey, body: { name: "k" } })).json.apiKey.id;
});

const validSite = { name: "S", allowedOrigins: ["https://s.example"], startUrl: "https://s.example/" };

const cases = (): TCase[] => [
  { name: "POST /tickets", handler: tickets.POST, method: "POST", role: "agent", body: { externalId: "X" }, invalid: [{ externalId: "X", extra: 1 }, { externalId: 42 }, {}, { externalId: "" }, { externalId: "X", source: "Has Spaces" }, [], "text"] },
  { name: "GET /tickets", handler: tickets.GET, method: "GET", role: "agent", query: ["status=closed", "limit=0", "limit=abc", "unknown=1"] },
  { name: "GET /tickets/:id", handler: ticket.GET, method: "GET", role: "agent", params: { id: "missing" } },
  { name: "POST /tickets/:id/links", handler: ticketLinks.POST, method: "POST", role: "agent", params: { id: "missing" }, body: {}, invalid: [{ foo: 1 }, { ttlMinutes: "60" }, { ttlMinutes: 1 }, { ttlMinutes: 7 * 24 * 60 + 1 }, { maxDurationMinutes: 121 }, { startUrl: "javascript:alert(1)" }, { siteId: 5 }] },
  { name: "GET /links/:id", handler: link.GET, method: "GET", role: "agent", params: { id: "missing" } },
  { name: "POST /links/:id/revoke", handler: linkRevoke.POST, method: "POST", role: "agent", params: { id: "missing" }, invalid: [{ reason: "x" }] },
  { name: "GET /audit", handler: audit.GET, method: "GET", role: "admin", query: ["limit=0", "limit=9999", "before=-1", "foo=bar"] },
  { name: "GET /sites", handler: sites.GET, method: "GET", role: "agent" },
  { name: "POST /sites", handler: sites.POST, method: "POST", role: "admin", body: validSite, invalid: [{ ...validSite, id: "x" }, { ...validSite, allowedOrigins: "https://s.example" }, { ...validSite, allowedOrigins: [] }, { ...validSite, allowedOrigins: ["ftp://s.example"] }, { ...validSite, privacyPreset: "none" }, { ...validSite, startUrl: "https://other.example/" }, { ...validSite, maskSelectors: "<script>" }] },
  { name: "GET /sites/:id", handler: site.GET, method: "GET", role: "agent", params: { id: "missing" } },
  { name: "PATCH /sites/:id", handler: site.PATCH, method: "PATCH", role: "admin", params: { id: "missing" }, body: { name: "n" }, invalid: [{ siteKey: "x" }, { name: 1 }, { isDemo: true }] },
  { name: "GET /users", handler: users.GET, method: "GET", role: "admin" },
  { name: "POST /users", handler: users.POST, method: "POST", role: "admin", body: { email: "u@example.test", name: "U", password: "a long password" }, invalid: [{ email: "not-an-email", name: "U", password: "a long password" }, { email: "u2@example.test", name: "U", password: "short" }, { email: "u3@example.test", name: "U", password: "a long password", role: "owner" }, { email: "u4@example.test", name: "U", password: "a long password", disabled: true }] },
  { name: "PATCH /users/:id", handler: user.PATCH, method: "PATCH", role: "admin", params: { id: "missing" }, body: { name: "n" }, invalid: [{ disabled: "yes" }, { role: "root" }, { email: "x@example.test" }] },
  { name: "GET /api-keys", handler: apiKeys.GET, method: "GET", role: "admin" },
  { name: "POST /api-keys", handler: apiKeys.POST, method: "POST", role: "admin", body: { name: "k" }, invalid: [{}, { name: "" }, { name: "k", userId: "someone" }] },
  { name: "POST /api-keys/:id/revoke", handler: apiKeyRevoke.POST, method: "POST", role: "admin", params: { id: "missing" }, invalid: [{ x: 1 }] },
  { name: "GET /settings", handler: settings.GET, method: "GET", role: "agent" },
  { name: "PATCH /settings", handler: settings.PATCH, method: "PATCH", role: "admin", body: { graceMinutes: 0 }, invalid: [{ unknown: 1 }, { retentionHours: "48" }, { linkTtlMinutes: 1 }, { allAgentsCanWatch: "true" }] },
];

function expectError(res: { status: number; json: any }, status: number) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe("bad input on every staff API route", () => {
  it.each(cases().map((c) => [c.name, c] as const))("%s: no credentials → 401, bad key → 401", async (_n, c) => {
    const params = c.params ?? {};
    expectError(await call(c.handler, { method: c.method, params, body: c.body }), 401);
    expectError(await call(c.handler, { method: c.method, params, body: c.body, key: "glk_not_a_real_key" }), 401);
    expectError(await call(c.handler, { method: c.method, params, body: c.body, headers: { authorization: "Basic abc" } }), 401);
  });

  it.each(cases().filter((c) => c.role === "admin").map((c) => [c.name, c] as const))("%s: agent → 403", async (_n, c) => {
    expectError(await call(c.handler, { method: c.method, params: c.params ?? {}, body: c.body, key: s.agentKey }), 403);
  });

  it.each(cases().filter((c) => c.invalid).map((c) => [c.name, c] as const))("%s: invalid bodies → 422", async (_n, c) => {
    for (const body of c.invalid!) {
      const params = c.params ? realParams(c.name) : {};
      const res = await call(c.handler, { method: c.method, params, body, key: s.adminKey });
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expectError(res, 422);
    }
  });

  it.each(cases().filter((c) => c.method !== "GET").map((c) => [c.name, c] as const))("%s: broken JSON → 400, wrong media type → 415", async (_n, c) => {
    const params = c.params ? realParams(c.name) : {};
    expectError(await call(c.handler, { method: c.method, params, rawBody: "{not json", key: s.adminKey, headers: { "content-type": "application/json" } }), 400);
    expectError(await call(c.handler, { method: c.method, params, rawBody: "a=b", key: s.adminKey, headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
  });

  it.each(cases().filter((c) => c.query).map((c) => [c.name, c] as const))("%s: bad query → 422", async (_n, c) => {
    for (const q of c.query!) {
      const res = await call(c.handler, { path: `/x?${q}`, key: s.adminKey });
      expect({ q, status: res.status }).toEqual({ q, status: 422 });
    }
  });

  it.each(cases().filter((c) => c.params).map((c) => [c.name, c] as const))("%s: unknown id → 404", async (_n, c) => {
    expectError(await call(c.handler, { method: c.method, params: { id: "does-not-exist" }, body: c.body, key: s.adminKey }), 404);
  });

  it("setup: wrong media type, unknown fields and bad values are 4xx", async () => {
    expectError(await call(setup.POST, { method: "POST", rawBody: "email=a", headers: { "content-type": "text/plain" } }), 415);
    expectError(await call(setup.POST, { method: "POST", body: { email: "a@example.test", name: "A", password: "a long password", role: "agent" } }), 422);
    expectError(await call(setup.POST, { method: "POST", body: { email: "nope", name: "A", password: "a long password" } }), 422);
  });
});

/** Existing ids, so that an invalid body (not a missing row) is what the route refuses. */
function realParams(name: string): Record<string, string> {
  if (name.includes("/tickets/:id")) return { id: ticketId };
  if (name.includes("/links/:id")) return { id: linkId };
  if (name.includes("/users/:id")) return { id: userId };
  if (name.includes("/api-keys/:id")) return { id: apiKeyId };
  if (name.includes("/sites/:id")) return { id: s.site.id };
  return {};
}
