import { createHmac, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiClient, createAdminAndApiKey, readE2EEnv } from "./helpers";

// At least 200 generated hostile inputs to every public endpoint, over real HTTP against
// the production server. None may answer >= 500, every JSON error has {error:{code,message}},
// and stored data changes only by what a valid input legitimately adds.
// Not serial: a failure in one endpoint (sign-in is item 17, another helper's) must not hide the others.
test.setTimeout(300_000);

const N = 200;

function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const SCALARS: unknown[] = [null, true, false, 0, -1, 1e308, -0, 9007199254740993, 2 ** 31, "", " ", "\u0000", "x".repeat(5000), "ünï©ødé 😀", "__proto__", "constructor", "toString", "<script>", "../../etc/passwd", "%ZZ", "1e999", [], {}];
const KEYS = ["__proto__", "constructor", "prototype", "toString", "type", "data", "grant", "externalId", "subject", "source", "startUrl", "siteId", "ttlMinutes", "maxDurationMinutes", "email", "password", "name", "event", "ticket_id", "status", "action", "topic", "webhookEvent"];

type TInput = { body: Buffer | string; headers: Record<string, string> };

/** A deterministic stream of hostile bodies and headers, around an endpoint's own field names. */
function hostileInputs(seed: number, fields: Record<string, unknown>, extraHeaders: () => Record<string, string> = () => ({})): TInput[] {
  const rnd = prng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const value = (depth = 0): unknown => {
    const r = rnd();
    if (depth < 3 && r < 0.15) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    if (depth < 3 && r < 0.3) return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(KEYS), value(depth + 1)]));
    return pick(SCALARS);
  };
  const mutate = () => {
    const o: Record<string, unknown> = { ...fields };
    for (const k of Object.keys(o)) if (rnd() < 0.6) o[k] = value();
    if (rnd() < 0.3) o[pick(KEYS)] = value();
    return o;
  };
  const shapes: Array<() => TInput> = [
    () => ({ body: JSON.stringify(mutate()), headers: { "content-type": "application/json" } }),
    () => ({ body: JSON.stringify(mutate()).replace(/"[^"]*"/, '"\\ud800"'), headers: { "content-type": "application/json" } }),
    () => ({ body: `{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},${JSON.stringify(mutate()).slice(1)}`, headers: { "content-type": "application/json" } }),
    () => ({ body: deep(2000 + Math.floor(rnd() * 8000)), headers: { "content-type": "application/json" } }),
    () => ({ body: JSON.stringify(mutate()).slice(0, Math.floor(rnd() * 20)), headers: { "content-type": "application/json" } }),
    () => ({ body: JSON.stringify(value()), headers: { "content-type": "application/json" } }),
    () => ({ body: Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0x7b, 0x22]), headers: { "content-type": "application/json" } }),
    () => ({ body: JSON.stringify(mutate()), headers: { "content-type": pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "application/json; charset=utf-16"]) } }),
    () => ({ body: gzipSync(JSON.stringify(mutate())).subarray(0, 12), headers: { "content-type": "application/json", "content-encoding": pick(["gzip", "br", "deflate", "gzip, gzip", "identity, x"]) } }),
    () => ({ body: new URLSearchParams(Object.entries(mutate()).map(([k, v]) => [k, JSON.stringify(v) ?? ""])).toString().replace(/%2/g, "%Z"), headers: { "content-type": "application/x-www-form-urlencoded" } }),
    () => ({ body: "1".repeat(400), headers: { "content-type": "application/json" } }),
    () => ({ body: "", headers: { "content-type": "application/json", "content-length": "0" } }),
  ];
  return Array.from({ length: N }, (_, i) => {
    const input = shapes[i % shapes.length]!();
    return { ...input, headers: { ...input.headers, ...extraHeaders() } };
  });
}

type TOutcome = { status: number; json: unknown; text: string };

async function send(api: APIRequestContext, path: string, input: TInput): Promise<TOutcome> {
  const headers = Object.fromEntries(Object.entries(input.headers).filter(([, v]) => v !== ""));
  const res: APIResponse = await api.post(path, { headers, data: typeof input.body === "string" ? Buffer.from(input.body) : input.body, maxRedirects: 0, failOnStatusCode: false });
  const text = await res.text();
  let json: unknown = null;
  if ((res.headers()["content-type"] ?? "").includes("json")) json = JSON.parse(text);
  return { status: res.status(), json, text };
}

/** Sends every input; asserts no 5xx and the error shape where JSON comes back. */
async function barrage(api: APIRequestContext, path: string | ((i: number) => string), inputs: TInput[]) {
  const outcomes: TOutcome[] = [];
  for (const [i, input] of inputs.entries()) {
    const p = typeof path === "string" ? path : path(i);
    const out = await send(api, p, input);
    expect(out.status, `${p} input #${i}: ${String(input.body).slice(0, 120)} → ${out.text.slice(0, 200)}`).toBeLessThan(500);
    if (out.status >= 400 && out.json !== null) {
      expect(out.json, `${p} input #${i}`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    outcomes.push(out);
  }
  expect(outcomes.length).toBeGreaterThanOrEqual(N);
  return outcomes;
}

// Stored data: every row of every table, minus columns that change on use (lastUsedAt).
type TSnapshot = Record<string, Map<string, string>>;
const STARTED_AT = new Date().toISOString();
function snapshot(): TSnapshot {
  const db = new Database(readE2EEnv().DATABASE_URL.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'").all() as { name: string }[]).map((t) => t.name);
    const out: TSnapshot = {};
    for (const table of tables) {
      // Spent grants, and grants expired when this file started, are the sweeper's to delete whenever
      // its round falls; so are the entries its round writes (an idle recording ended, its summary).
      const sweepable =
        table === "Grant" ? ` WHERE "usedAt" IS NULL AND "expiresAt" > '${STARTED_AT}'` : table === "AuditEntry" ? ` WHERE "actorLabel" IS NOT 'retention sweeper'` : "";
      const rows = db.prepare(`SELECT * FROM "${table}"${sweepable}`).all() as Record<string, unknown>[];
      out[table] = new Map(
        rows.map((r, i) => {
          const { lastUsedAt: _l, updatedAt: _u, ...rest } = r;
          const key = String(r.id ?? r.key ?? r.provider ?? i);
          return [table === "WebhookRefusal" ? `${r.provider}/${r.reason}/${r.hour}` : key, JSON.stringify(rest, (_k, v) => (Buffer.isBuffer(v) ? v.toString("base64") : typeof v === "bigint" ? String(v) : v))];
        }),
      );
    }
    return out;
  } finally {
    db.close();
  }
}

/** Every row that existed is unchanged; new rows only in `allowedNew` tables, at most as many as given. */
function expectUnchanged(before: TSnapshot, after: TSnapshot, allowedNew: Record<string, number> = {}, mutable: string[] = []) {
  for (const [table, rows] of Object.entries(before)) {
    if (mutable.includes(table)) continue;
    for (const [id, row] of rows) expect(after[table]!.get(id), `${table} ${id}`).toBe(row);
    const added = after[table]!.size - rows.size;
    expect(added, `new rows in ${table}`).toBeLessThanOrEqual(allowedNew[table] ?? 0);
  }
}

const hmac = (alg: "sha1" | "sha256", key: string | Buffer, msg: string | Buffer) => createHmac(alg, key).update(msg).digest();
const SECRETS: Record<string, string> = {
  zendesk: "zendesk-secret-e2e",
  intercom: "intercom-secret-e2e",
  freshdesk: "freshdesk-token-e2e-0123",
  helpscout: "helpscout-secret-e2e",
  jira: "jira-secret-e2e",
  github: "github-secret-e2e",
  generic: `whsec_${randomBytes(32).toString("base64")}`,
};

/** Half the deliveries are signed correctly (so they reach the parsers), half are not. */
function sign(provider: string, body: Buffer, good: boolean): Record<string, string> {
  const secret = good ? SECRETS[provider]! : "wrong";
  const ts = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  switch (provider) {
    case "zendesk":
      return { "x-zendesk-webhook-signature": hmac("sha256", secret, Buffer.concat([Buffer.from(ts), body])).toString("base64"), "x-zendesk-webhook-signature-timestamp": ts };
    case "intercom":
      return { "x-hub-signature": `sha1=${hmac("sha1", secret, body).toString("hex")}` };
    case "jira":
      return { "x-hub-signature": `sha256=${hmac("sha256", secret, body).toString("hex")}`, "x-atlassian-webhook-identifier": randomBytes(6).toString("hex") };
    case "github":
      return { "x-hub-signature-256": `sha256=${hmac("sha256", secret, body).toString("hex")}`, "x-github-event": "issues", "x-github-delivery": randomBytes(6).toString("hex") };
    case "helpscout":
      return { "x-helpscout-signature": hmac("sha1", secret, body).toString("base64"), "x-helpscout-event": "convo.status" };
    case "freshdesk":
      return { "x-glimpse-token": secret };
    default: {
      const id = `msg_${randomBytes(6).toString("hex")}`;
      const t = String(Math.floor(Date.now() / 1000));
      const key = good ? Buffer.from(secret.slice(6), "base64") : Buffer.from("wrong");
      return { "webhook-id": id, "webhook-timestamp": t, "webhook-signature": `v1,${hmac("sha256", key, Buffer.concat([Buffer.from(`${id}.${t}.`), body])).toString("base64")}` };
    }
  }
}

const WEBHOOK_FIELDS: Record<string, Record<string, unknown>> = {
  zendesk: { type: "zen:event-type:ticket.status_changed", id: "e1", subject: "zen:ticket:1", detail: { id: "1", status: "SOLVED" }, event: { current: "SOLVED" } },
  intercom: { id: "notif_1", topic: "conversation.admin.closed", data: { item: { id: "1", state: "closed" } } },
  freshdesk: { event: "ticket.resolved", ticket_id: 1, status: "Resolved" },
  helpscout: { id: 1, status: "closed", userUpdatedAt: "2026-01-01T00:00:00Z" },
  jira: { webhookEvent: "jira:issue_updated", issue: { key: "SUP-1", fields: { status: { statusCategory: { key: "done" } } } }, changelog: { items: [{ field: "status" }] } },
  github: { action: "closed", issue: { number: 1, closed_at: "2026-01-01T00:00:00Z" }, repository: { full_name: "a/b" } },
  generic: { type: "ticket.resolved", data: { ticketId: "G-1" } },
};

let admin: APIRequestContext;
let anon: APIRequestContext;
let ticketId: string;

test.beforeAll(async ({ playwright }) => {
  const { key } = createAdminAndApiKey();
  admin = await apiClient(key);
  anon = await playwright.request.newContext({ baseURL: readE2EEnv().GLIMPSE_BASE_URL });
  for (const [provider, secret] of Object.entries(SECRETS)) {
    const res = await admin.put(`/api/v1/integrations/${provider}`, { data: { secret } });
    expect(res.status(), provider).toBeLessThan(300);
  }
  const ticket = await admin.post("/api/v1/tickets", { data: { externalId: `BAD-${randomBytes(4).toString("hex")}` } });
  ticketId = (await ticket.json()).ticket.id;
});

test.afterAll(async () => {
  await admin?.dispose();
  await anon?.dispose();
});

async function pendingLink() {
  const res = await admin.post(`/api/v1/tickets/${ticketId}/links`, { data: {} });
  expect(res.status()).toBe(201);
  const { link } = await res.json();
  return { id: link.id as string, token: (link.url as string).split("/r/")[1]! };
}

async function startRecording() {
  const { token } = await pendingLink();
  const page = await (await anon.get(`/r/${token}`)).text();
  const version = /name="noticeVersion" value="(\d+)"/.exec(page)![1]!;
  const siteVersion = /name="siteNoticeVersion" value="(\d+)"/.exec(page)![1]!;
  const hash = /name="noticeHash" value="([0-9a-f]{64})"/.exec(page)![1]!;
  const accepted = await anon.post(`/r/${token}`, { form: { decision: "accept", noticeVersion: version, siteNoticeVersion: siteVersion, noticeHash: hash, lang: "en" }, maxRedirects: 0 });
  expect(accepted.status()).toBe(303);
  const location = accepted.headers().location!;
  const grant = /#glimpse=(.+)$/.exec(location)![1]!;
  const origin = new URL(location).origin;
  const session = await anon.post("/api/recorder/sessions", { headers: { origin }, data: { grant } });
  expect(session.status()).toBe(201);
  return { origin, ...((await session.json()) as { recordingId: string; uploadToken: string }) };
}

test("ingest: 200 hostile batches, bad seq headers and encodings", async () => {
  const rec = await startRecording();
  const rnd = prng(11);
  const seqs = ["0", "1", "-1", "1e3", "abc", "99999999999999999999", "0x1", " 0", "", "NaN", "1.5", "%ZZ"];
  const inputs = hostileInputs(11, { type: 3, timestamp: Date.now(), data: { source: 2 } }, () => ({
    origin: rec.origin,
    authorization: `Bearer ${rec.uploadToken}`,
    "x-glimpse-seq": seqs[Math.floor(rnd() * seqs.length)]!,
  }));
  const before = snapshot();
  const out = await barrage(anon, `/api/recorder/sessions/${rec.recordingId}/events`, inputs);
  const stored = out.filter((o) => o.status === 200 && (o.json as { duplicate?: boolean }).duplicate === false).length;
  expectUnchanged(before, snapshot(), { Chunk: stored }, ["Recording"]);
});

test("grant exchange: 200 hostile bodies", async () => {
  const { origin } = await startRecording();
  const before = snapshot();
  await barrage(anon, "/api/recorder/sessions", hostileInputs(12, { grant: "x".repeat(32) }, () => ({ origin })));
  expectUnchanged(before, snapshot());
});

test("consent form: 200 hostile forms and bodies", async () => {
  const link = await pendingLink();
  const before = snapshot();
  const rnd = prng(13);
  const inputs = hostileInputs(13, { decision: "maybe", noticeVersion: "x", noticeHash: "0", lang: "xx" }).map((input, i) =>
    i % 3 === 0 ? { body: `decision=${["%ZZ", "%ED%A0%80", "accept%00", "acc%C3ept", "__proto__"][Math.floor(rnd() * 5)]}&noticeHash=%FF&lang=${"%".repeat(i % 7)}`, headers: { "content-type": "application/x-www-form-urlencoded" } } : input,
  );
  await barrage(anon, (i) => (i % 10 === 9 ? `/r/${link.token}x` : `/r/${link.token}`), inputs);
  expectUnchanged(before, snapshot());
});

for (const provider of Object.keys(SECRETS)) {
  test(`webhook ${provider}: 200 hostile deliveries, signed and unsigned`, async () => {
    const before = snapshot();
    const inputs = hostileInputs(100 + provider.length, WEBHOOK_FIELDS[provider]!).map((input, i) => {
      const body = Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body);
      return { body, headers: { ...input.headers, ...sign(provider, body, i % 2 === 0) } };
    });
    const out = await barrage(anon, `/api/webhooks/${provider}`, inputs);
    const signed = Math.ceil(inputs.length / 2);
    const applied = out.filter((o) => (o.json as { result?: string } | null)?.result === "applied").length;
    // Signed deliveries are logged (the sender is authenticated); refusals only bump a counter.
    expectUnchanged(before, snapshot(), { WebhookDelivery: signed, Ticket: applied, AuditEntry: applied * 2 }, ["WebhookRefusal", "Ticket", "Link", "Recording"]);
    expect(snapshot().WebhookRefusal!.size - before.WebhookRefusal!.size).toBeLessThanOrEqual(10);
  });
}

test("tickets and links API: 200 hostile bodies each, with a valid API key", async () => {
  const before = snapshot();
  const tickets = await barrage(admin, "/api/v1/tickets", hostileInputs(21, { source: "manual", externalId: "E-1", subject: "s" }));
  const links = await barrage(admin, `/api/v1/tickets/${ticketId}/links`, hostileInputs(22, { siteId: "x", startUrl: "http://u:p@localhost/", ttlMinutes: 5, maxDurationMinutes: 1 }));
  const revokes = await barrage(admin, (i) => `/api/v1/links/${i % 2 ? "%ZZ" : "nope"}/revoke`, hostileInputs(23, {}));
  const ticketRoutes = await barrage(admin, (i) => `/api/v1/tickets/${i % 3 === 0 ? "%ZZ" : i % 3 === 1 ? "%ED%A0%80" : ticketId}/reopen`, hostileInputs(24, {}));
  const created = tickets.filter((o) => o.status === 201).length;
  const newLinks = links.filter((o) => o.status === 201).length;
  expect(revokes.every((o) => o.status >= 400)).toBe(true);
  const after = snapshot();
  expectUnchanged(before, after, { Ticket: created, Link: newLinks, AuditEntry: 4 * N + created + newLinks }, ["ApiKey"]);
  const newActions = [...after.AuditEntry!.entries()].filter(([id]) => !before.AuditEntry!.has(id)).map(([, row]) => JSON.parse(row).action);
  expect(new Set(newActions)).toEqual(new Set(newActions.filter((a) => ["apiKey.used", "ticket.created", "link.created"].includes(a))));
  expect(ticketRoutes.length).toBe(N);
});

test("setup: 200 hostile bodies", async () => {
  const before = snapshot();
  await barrage(anon, "/api/v1/setup", hostileInputs(31, { name: "A", email: "a@b.c", password: "short" }));
  expectUnchanged(before, snapshot());
});

test("sign-in: 200 hostile bodies to POST /api/auth/callback/credentials", async () => {
  const before = snapshot();
  const csrf = (await (await anon.get("/api/auth/csrf")).json()).csrfToken as string;
  const inputs = hostileInputs(41, { csrfToken: csrf, email: "nobody@e2e.test", password: "x" }).map((input, i) =>
    i % 2 ? input : { body: new URLSearchParams({ csrfToken: csrf, email: ["%ZZ", "\ud800x", "a".repeat(5000), "__proto__"][i % 4]!, password: "x".repeat(i) }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } },
  );
  const out: TOutcome[] = [];
  for (const input of inputs) out.push(await send(anon, "/api/auth/callback/credentials", input));
  // Sign-in answers redirects and pages, not the API's JSON errors; only the 5xx rule applies.
  expect(out.filter((o) => o.status >= 500).length, "5xx answers from sign-in (issue 8 item 17 is another helper's)").toBe(0);
  expectUnchanged(before, snapshot(), {}, ["AuditEntry"]);
});

test("paths with malformed percent-escapes get 400, JSON for the API (issue 8 item 16)", async () => {
  for (const path of ["/api/v1/tickets/%ZZ", "/api/recorder/sessions/%ZZ/events", "/api/webhooks/%ZZ", "/api/v1/recordings/%E0%A4%A", "/api/v1/tickets/%ED%A0%80"]) {
    for (const method of ["GET", "POST"] as const) {
      const res = await anon.fetch(path, { method, failOnStatusCode: false });
      expect(res.status(), `${method} ${path}`).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    }
  }
  for (const path of ["/r/%ZZ", "/r/%ZZ/decision", "/recordings/%ZZ", "/tickets/%ZZ", "/settings/sites/%ED%A0%80"]) {
    const res = await anon.fetch(path, { method: path.endsWith("decision") ? "POST" : "GET", failOnStatusCode: false, maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect(await res.text()).toContain("Bad request");
  }
});

test("uploads cut off mid-body are not logged as server errors (issue 8 item 18)", async () => {
  const { default: http } = await import("node:http");
  const { readFileSync } = await import("node:fs");
  const path = await import("node:path");
  const logFile = path.resolve(import.meta.dirname, "../../test-results", `e2e-server-${new URL(readE2EEnv().GLIMPSE_BASE_URL).port}.log`);
  const rec = await startRecording();
  const link = await pendingLink();
  const base = new URL(readE2EEnv().GLIMPSE_BASE_URL);
  const targets: Array<[string, Record<string, string>]> = [
    [`/api/recorder/sessions/${rec.recordingId}/events`, { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "x-glimpse-seq": "0", "content-type": "application/json" }],
    ["/api/recorder/sessions", { origin: rec.origin, "content-type": "application/json" }],
    ["/api/webhooks/generic", { "content-type": "application/json", "webhook-id": "m", "webhook-timestamp": "1", "webhook-signature": "v1,x" }],
    ["/api/v1/setup", { "content-type": "application/json" }],
    [`/r/${link.token}/decision`, { "content-type": "application/x-www-form-urlencoded" }],
    [`/api/v1/tickets`, { "content-type": "application/json" }],
  ];
  const logBefore = readFileSync(logFile, "utf8").length;
  for (const [target, headers] of targets) {
    for (const mode of ["length", "chunked"]) {
      await new Promise<void>((resolve) => {
        const req = http.request({ host: base.hostname, port: base.port, path: target, method: "POST", headers: mode === "length" ? { ...headers, "content-length": "500000" } : headers });
        req.on("error", () => resolve());
        req.on("response", (res) => {
          res.resume();
          resolve();
        });
        req.write(mode === "length" ? '[{"type":3,"data":"' : "decision=accept&x=" + "a".repeat(2000));
        setTimeout(() => {
          req.destroy();
          setTimeout(resolve, 300);
        }, 300);
      });
    }
  }
  await new Promise((r) => setTimeout(r, 1000));
  const logged = readFileSync(logFile, "utf8").slice(logBefore);
  expect(logged).not.toMatch(/unhandled|uncaughtException|aborted|ECONNRESET|⨯/i);
  expect((await anon.get("/api/health")).status()).toBe(200);
});

test("an endless chunked body is refused with 413 soon after the cap, on every endpoint family (issue 8 item 12)", async () => {
  const { default: http } = await import("node:http");
  const rec = await startRecording();
  const link = await pendingLink();
  const base = new URL(readE2EEnv().GLIMPSE_BASE_URL);
  const { key } = createAdminAndApiKey();
  const targets: Array<[string, Record<string, string>]> = [
    [`/api/recorder/sessions/${rec.recordingId}/events`, { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "x-glimpse-seq": "0", "content-type": "application/json" }],
    ["/api/recorder/sessions", { origin: rec.origin, "content-type": "application/json" }],
    ["/api/webhooks/generic", { "content-type": "application/json" }],
    ["/api/v1/setup", { "content-type": "application/json" }],
    [`/r/${link.token}`, { "content-type": "application/x-www-form-urlencoded" }],
    [`/api/v1/tickets`, { "content-type": "application/json", authorization: `Bearer ${key}` }],
  ];
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (const [target, headers] of targets) {
    const started = Date.now();
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let done = false;
      const req = http.request({ host: base.hostname, port: base.port, path: target, method: "POST", headers });
      const pump = () => {
        // 200 MB at most, as in the issue; the answer must come long before.
        while (!done && sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
      };
      req.on("response", (res) => {
        done = true;
        res.resume();
        resolve({ status: res.statusCode!, sent });
        req.destroy();
      });
      req.on("error", (error) => (done ? undefined : reject(error)));
      setTimeout(() => {
        if (!done) reject(new Error(`no answer from ${target} after ${sent} bytes`));
        done = true;
        req.destroy();
      }, 20_000);
      pump();
    });
    expect(status, target).toBe(413);
    // `sent` counts what this client wrote until its own event loop read the answer: on loopback, tens of megabytes
    // a loaded machine's scheduling apart (39 MB seen once in CI with a 1 MB cap). Far below the 200 MB body is the point.
    expect(sent, target).toBeLessThan(64 * 1024 * 1024);
    expect(Date.now() - started, target).toBeLessThan(10_000);
  }
});
