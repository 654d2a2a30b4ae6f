import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, request, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { createApiKey, createUser, login, readE2EEnv, type TSeededUser } from "./helpers";

// Who may see what in the console: unauthenticated requests, agents who may not watch, sign-in, no-store.
test.describe.configure({ mode: "serial" });

const root = path.resolve(import.meta.dirname, "../..");
const CONSOLE_DIR = path.join(root, "app", "(console)");

type TSeed = { ticketId: string; ref: string; subject: string; startUrl: string; recordingId: string; siteId: string; previewId: string; apiKeyName: string };

let admin: TSeededUser;
let requester: TSeededUser;
let outsider: TSeededUser;
let seed: TSeed;

/** A ticket with a subject, a link requested by `requester` with a start URL, a stored recording, and an admin's privacy preview. */
function seedTicket(requesterEmail: string, adminEmail: string): Omit<TSeed, "apiKeyName"> {
  const env = readE2EEnv();
  const stamp = Math.random().toString(36).slice(2, 10);
  const code = `
    import { db } from "./lib/db/index.ts";
    import { startPreview } from "./lib/previews/start-preview.ts";
    import { createRecordingFixture } from "./tests/fixtures/recordings.ts";
    const requester = await db.user.findUniqueOrThrow({ where: { email: ${JSON.stringify(requesterEmail)} } });
    const t = Date.now() - 60_000;
    const events = [
      { type: 4, timestamp: t, data: { href: "https://shop.example/", width: 800, height: 600 } },
      { type: 2, timestamp: t + 1, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } } },
    ];
    const { recordingId, ticketId, linkId } = await createRecordingFixture({ requesterId: requester.id, batches: [events], status: "finished" });
    const subject = "Canary subject ${stamp}";
    const ticket = await db.ticket.update({ where: { id: ticketId }, data: { subject, externalId: "CANARY-${stamp}" } });
    const link = await db.link.findUniqueOrThrow({ where: { id: linkId } });
    const startUrl = ${JSON.stringify(env.GLIMPSE_BASE_URL)} + "/demo?canary-start=${stamp}";
    await db.link.update({ where: { id: linkId }, data: { startUrl } });
    const admin = await db.user.findUniqueOrThrow({ where: { email: ${JSON.stringify(adminEmail)} } });
    const preview = await startPreview({ siteId: link.siteId, actor: { type: "user", id: admin.id, label: admin.email, role: "admin", userId: admin.id } });
    console.log(JSON.stringify({ ticketId, ref: "manual:" + ticket.externalId, subject, startUrl, recordingId, siteId: link.siteId, previewId: preview.id }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL, GLIMPSE_MASTER_KEY: env.GLIMPSE_MASTER_KEY, AUTH_SECRET: env.AUTH_SECRET, GLIMPSE_BASE_URL: env.GLIMPSE_BASE_URL },
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Omit<TSeed, "apiKeyName">;
}

/**
 * Every console route, read from the folder, so that a new page is covered without touching this
 * test. A dynamic segment must be named here; an unknown one fails the test.
 */
function consoleRoutes(): string[] {
  const ids: Record<string, string> = { tickets: seed.ticketId, recordings: seed.recordingId, sites: seed.siteId, previews: seed.previewId };
  const routes: string[] = [];
  const visit = (dir: string, segments: string[]) => {
    const entries = readdirSync(dir);
    if (entries.includes("page.tsx")) routes.push(`/${segments.join("/")}`);
    for (const name of entries) {
      if (!statSync(path.join(dir, name)).isDirectory()) continue;
      if (/^\(.*\)$/.test(name)) visit(path.join(dir, name), segments);
      else if (/^\[.*\]$/.test(name)) {
        const id = ids[segments.at(-1) ?? ""];
        if (!id) throw new Error(`No id for the dynamic route /${[...segments, name].join("/")}: add one to consoleRoutes`);
        visit(path.join(dir, name), [...segments, id]);
      } else visit(path.join(dir, name), [...segments, name]);
    }
  };
  visit(CONSOLE_DIR, []);
  return routes;
}

const ADMIN_ONLY = /^\/(audit|settings)(\/|$)/;

/** The ways a page can be asked for: as HTML, and as the RSC payload of a client navigation. */
const VARIANTS: { name: string; query: string; headers: Record<string, string> }[] = [
  { name: "HTML", query: "", headers: { accept: "text/html" } },
  { name: "RSC header", query: "", headers: { rsc: "1" } },
  { name: "RSC query", query: "?_rsc=x", headers: {} },
  { name: "RSC header and query", query: "?_rsc=x", headers: { rsc: "1" } },
  { name: "RSC prefetch", query: "?_rsc=x", headers: { rsc: "1", "next-router-prefetch": "1" } },
];

async function answerText(res: APIResponse) {
  const headers = Object.entries(res.headers()).map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${res.status()}\n${headers}\n\n${await res.text()}`;
}

function expectNone(text: string, canaries: string[], where: string) {
  for (const canary of canaries) expect(text.includes(canary), `${where} contains ${JSON.stringify(canary)}`).toBe(false);
}

async function cookieHeader(context: BrowserContext) {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Signs in over HTTP the way next-auth's client does; returns next-auth's error code or null. */
async function signInOverHttp(api: APIRequestContext, email: string, password: string, callbackUrl = "/tickets") {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await api.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl, json: "true" },
    maxRedirects: 0,
  });
  expect(res.status(), await res.text()).toBeLessThan(500);
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get("error");
}

test.beforeAll(() => {
  admin = createUser("admin", `Admin ${Math.random().toString(36).slice(2, 8)}`);
  requester = createUser("agent", `Requester ${Math.random().toString(36).slice(2, 8)}`);
  outsider = createUser("agent", `Outsider ${Math.random().toString(36).slice(2, 8)}`);
  const apiKeyName = `canary-key-${Math.random().toString(36).slice(2, 8)}`;
  createApiKey(admin.email, apiKeyName);
  seed = { ...seedTicket(requester.email, admin.email), apiKeyName };
});

test("item 6: no console route, as HTML or RSC, gives a signed-out visitor any data", async ({ baseURL }) => {
  const routes = consoleRoutes();
  expect(routes).toEqual(
    expect.arrayContaining(["/tickets", `/tickets/${seed.ticketId}`, "/compliance", "/audit", "/settings/team", `/recordings/${seed.recordingId}`, `/settings/sites/${seed.siteId}/previews/${seed.previewId}`]),
  );
  const canaries = [seed.ref, seed.subject, seed.startUrl, "canary-start", seed.recordingId, requester.name, requester.email, outsider.email, admin.email, admin.name, seed.apiKeyName];
  const anon = await request.newContext({ baseURL });
  try {
    for (const route of routes) {
      for (const v of VARIANTS) {
        const res = await anon.get(`${route}${v.query}`, { headers: v.headers, maxRedirects: 0 });
        const where = `${v.name} ${route}`;
        expect(res.status(), where).toBeLessThan(500);
        // The route's own path (the recording id in /recordings/:id) comes back in the redirect.
        expectNone(await answerText(res), canaries.filter((c) => !route.includes(c)), where);
        if (v.name === "HTML") {
          expect(res.status(), where).toBe(307);
          expect(new URL(res.headers().location!, baseURL).pathname, where).toBe("/login");
        }
      }
    }
  } finally {
    await anon.dispose();
  }
});

test("item 6: an agent gets none of the admin pages' data, as HTML or RSC", async ({ page, baseURL }) => {
  await login(page, outsider.email, outsider.password);
  const routes = consoleRoutes().filter((r) => ADMIN_ONLY.test(r));
  expect(routes.length).toBeGreaterThanOrEqual(8);
  const canaries = [admin.email, requester.email, seed.apiKeyName, seed.ref];
  for (const route of routes) {
    for (const v of VARIANTS) {
      const res = await page.request.get(new URL(`${route}${v.query}`, baseURL).toString(), { headers: v.headers, maxRedirects: 0 });
      const where = `agent, ${v.name} ${route}`;
      expect(res.status(), where).toBeLessThan(500);
      expectNone(await answerText(res), canaries, where);
    }
  }
});

test("item 10: an agent who may not watch sees that a recording exists, and nothing more", async ({ page, baseURL }) => {
  await login(page, outsider.email, outsider.password);
  const api = await page.request.get(new URL(`/api/v1/tickets/${seed.ticketId}`, baseURL).toString());
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { recordings: Record<string, unknown>[] };
  expect(body.recordings).toEqual([{ canWatch: false }]);
  expect(JSON.stringify(body)).not.toContain(seed.recordingId);

  await page.goto(`/tickets/${seed.ticketId}`);
  await expect(page.locator("tr[data-restricted-recording]")).toHaveCount(1);
  await expect(page.locator("tr[data-restricted-recording]")).toContainText("A recording exists");
  expect(await page.content()).not.toContain(seed.recordingId);

  // The agent who requested it still sees all of it, and may open it.
  const mine = await request.newContext({ baseURL });
  try {
    expect(await signInOverHttp(mine, requester.email, requester.password)).toBeNull();
    const full = (await (await mine.get(`/api/v1/tickets/${seed.ticketId}`)).json()) as { recordings: Record<string, unknown>[] };
    expect(full.recordings).toEqual([expect.objectContaining({ canWatch: true, id: seed.recordingId, eventCount: 2 })]);
  } finally {
    await mine.dispose();
  }
});

test("issue 10: the privacy preview's API answers 401 signed out and 403 to an agent, and its page shows an agent nothing of it", async ({ page, baseURL }) => {
  const path = `/api/v1/sites/${seed.siteId}/previews`;
  const anon = await request.newContext({ baseURL });
  try {
    for (const res of [await anon.post(path, { data: {} }), await anon.get(path)]) {
      expect(res.status()).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  } finally {
    await anon.dispose();
  }
  await login(page, outsider.email, outsider.password);
  const origin = { origin: new URL(baseURL!).origin };
  for (const res of [await page.request.post(new URL(path, baseURL).toString(), { data: {}, headers: origin }), await page.request.get(new URL(path, baseURL).toString())]) {
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  }
  await page.goto(`/settings/sites/${seed.siteId}/previews/${seed.previewId}`);
  await expect(page.getByText("Only admins can change settings.")).toBeVisible();
  await expect(page.getByTestId("preview-state")).toHaveCount(0);
  await expect(page.getByText("Privacy preview of")).toHaveCount(0);
  // The preview's ticket is listed as a preview; its recording, once there, is for admins only (lib/previews/preview.test.ts).
  await page.goto(`/tickets/${seed.previewId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Preview");
  await expect(page.getByRole("button", { name: /Request a recording/i })).toHaveCount(0);
});

const HOSTILE_CALLBACKS = [
  "/.//evil.example",
  "//evil.example",
  "///evil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%5Cevil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example",
  "/\t/evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
];

test("item 7: after sign-in, no callbackUrl leads off the console's origin", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const signedIn = await request.newContext({ baseURL });
  try {
    expect(await signInOverHttp(signedIn, admin.email, admin.password)).toBeNull();
    for (const hostile of HOSTILE_CALLBACKS) {
      const res = await signedIn.get(`/login?callbackUrl=${encodeURIComponent(hostile)}`, { maxRedirects: 0 });
      expect(res.status(), hostile).toBe(307);
      const location = res.headers().location!;
      expect(location, hostile).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, baseURL).origin, hostile).toBe(origin);
    }
    // next-auth's own redirect callback: the JSON answer of a sign-in names where to go.
    const { csrfToken } = (await (await signedIn.get("/api/auth/csrf")).json()) as { csrfToken: string };
    for (const hostile of HOSTILE_CALLBACKS) {
      const res = await signedIn.post("/api/auth/callback/credentials", {
        form: { email: admin.email, password: admin.password, csrfToken, callbackUrl: hostile, json: "true" },
      });
      expect(new URL(((await res.json()) as { url: string }).url).origin, hostile).toBe(origin);
    }
  } finally {
    await signedIn.dispose();
  }

  // A real sign-in in the browser lands on the console for every one of them.
  for (const hostile of HOSTILE_CALLBACKS) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.route((url) => url.hostname.endsWith("evil.example"), (route) => route.fulfill({ status: 200, body: "evil" }));
    await page.goto(`/login?callbackUrl=${encodeURIComponent(hostile)}`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("navigation", { name: "Main" }), hostile).toBeVisible();
    expect(new URL(page.url()).origin, hostile).toBe(origin);
    await context.close();
  }
});

test("a sign-in typed before the page's script has run is not sent, and never puts the password in a URL", async ({ browser, baseURL }) => {
  // No script at all: what a slow network, or a password manager's autofill and Enter, meets before hydration.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  await page.goto("/login");
  // Shown where scripts are off (Playwright's switch stops scripts, not the parser's noscript handling, so read the HTML).
  expect(await page.content()).toMatch(/<noscript>.*needs JavaScript to sign in/s);
  await expect(page.locator("form")).toHaveAttribute("method", "post");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByLabel("Password").press("Enter");
  await page.waitForTimeout(1_000);
  expect(urls.filter((u) => u.includes("password") || u.includes(encodeURIComponent(admin.password)) || u.includes(admin.password.replace(/ /g, "+")))).toEqual([]);
  expect(page.url()).toBe(`${baseURL}/login`);
  await context.close();

  // With the script, the same form signs in, once React has taken it over.
  const live = await browser.newContext({ baseURL });
  const livePage = await live.newPage();
  await login(livePage, admin.email, admin.password);
  await live.close();
});

test("item 27: console pages and staff APIs answer Cache-Control: no-store", async ({ page, baseURL }) => {
  await login(page, admin.email, admin.password);
  for (const route of consoleRoutes()) {
    const res = await page.request.get(new URL(route, baseURL).toString(), { maxRedirects: 0 });
    expect(res.headers()["cache-control"] ?? "", route).toContain("no-store");
  }
  const apis = ["/api/v1/tickets", `/api/v1/tickets/${seed.ticketId}`, "/api/v1/users", "/api/v1/audit", "/api/v1/sites", "/api/v1/settings", "/api/v1/api-keys", "/api/v1/tickets/nope"];
  for (const api of apis) {
    const res = await page.request.get(new URL(api, baseURL).toString());
    expect(res.headers()["cache-control"] ?? "", `${api} (${res.status()})`).toContain("no-store");
  }
  const anon = await request.newContext({ baseURL });
  try {
    for (const route of ["/tickets", "/api/v1/tickets"]) {
      expect((await anon.get(route, { maxRedirects: 0 })).headers()["cache-control"] ?? "", `signed out ${route}`).toContain("no-store");
    }
  } finally {
    await anon.dispose();
  }
});

test("item 17: next-auth's credentials callback answers a clean 4xx to a GET or a JSON body", async ({ baseURL }) => {
  const api = await request.newContext({ baseURL });
  try {
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const get = await api.get("/api/auth/callback/credentials", { maxRedirects: 0 });
    expect(get.status()).toBe(405);
    expect(await get.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const bodies: { data: string; type: string }[] = [
      { data: JSON.stringify({ email: admin.email, password: admin.password, csrfToken }), type: "application/json" },
      { data: "{not json", type: "application/json" },
      { data: "[]", type: "application/json; charset=utf-8" },
      { data: `email=${encodeURIComponent(admin.email)}`, type: "text/plain" },
      { data: "<x/>", type: "application/xml" },
    ];
    for (const path of ["/api/auth/callback/credentials", "/api/auth/signin/credentials", "/api/auth/signout", "/api/auth/session", "/api/auth/_log"]) {
      for (const { data, type } of bodies) {
        const res = await api.post(path, { data, headers: { "content-type": type }, maxRedirects: 0 });
        expect(res.status(), `${path} ${type} ${data}`).toBe(415);
        expect(await res.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
      }
    }
    for (const path of ["/api/auth/callback/nope", "/api/auth/signin/nope", "/api/auth/nope", "/api/auth/callback", "/api/auth/error?error=%ZZ"]) {
      for (const method of ["GET", "POST"] as const) {
        const res = await api.fetch(path, { method, maxRedirects: 0, form: method === "POST" ? { csrfToken } : undefined });
        expect(res.status(), `${method} ${path}`).toBeLessThan(500);
      }
    }
  } finally {
    await api.dispose();
  }
});

/** Streams `total` bytes, chunked (no Content-Length), and stops as soon as the server answers. */
function streamChunkedBody(baseURL: string, urlPath: string, total: number) {
  return new Promise<{ status: number; sentBytes: number; ms: number; body: string }>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const req = http.request(new URL(urlPath, baseURL), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, sentBytes: sent, ms: Date.now() - started, body });
        req.destroy();
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("item 12: a large chunked body to next-auth is refused with 413, fast, before it is read", async ({ baseURL }) => {
  const total = 64 * 1024 * 1024;
  for (const urlPath of ["/api/auth/callback/credentials", "/api/auth/signout", "/api/auth/_log"]) {
    const res = await streamChunkedBody(baseURL!, urlPath, total);
    expect(res.status, `${urlPath}: ${res.body}`).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(res.sentBytes, urlPath).toBeLessThan(total);
    expect(res.ms, urlPath).toBeLessThan(3000);
  }
  const api = await request.newContext({ baseURL });
  try {
    const declared = await api.post("/api/auth/callback/credentials", { data: "a".repeat(65 * 1024), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(declared.status()).toBe(413);
  } finally {
    await api.dispose();
  }
});

test("item 9: a client-sent X-Forwarded-For is not believed, and slowing one address never locks the account", async ({ baseURL }) => {
  const victim = createUser("admin");
  // Two addresses of this machine, as the server's socket sees them.
  const { port } = new URL(baseURL!);
  const [ipv4, ipv6] = [`http://127.0.0.1:${port}`, `http://[::1]:${port}`];
  // Three free failures, each claiming another address; the fourth is slowed down anyway.
  const claiming = async (address: string, password: string) => {
    const spoofed = await request.newContext({ baseURL: ipv4, extraHTTPHeaders: { "x-forwarded-for": address, "x-real-ip": address, "x-glimpse-peer-address": address } });
    try {
      return await signInOverHttp(spoofed, victim.email, password);
    } finally {
      await spoofed.dispose();
    }
  };
  for (let i = 0; i < 3; i++) expect(await claiming(`198.51.100.${i + 1}`, `wrong ${i}`)).toBe("CredentialsSignin");
  expect(await claiming("198.51.100.99", victim.password)).toBe("RateLimited");

  // The same account from another address (IPv6 loopback instead of IPv4) is
  // not held up: nobody can lock an admin out.
  const fresh = await request.newContext({ baseURL: ipv6 });
  try {
    expect(await signInOverHttp(fresh, victim.email, victim.password)).toBeNull();
  } finally {
    await fresh.dispose();
  }
});

test("item 8: signing out ends the session, also for a copied cookie", async ({ page, context, baseURL }) => {
  await login(page, requester.email, requester.password);
  const copied = await request.newContext({ baseURL, extraHTTPHeaders: { cookie: await cookieHeader(context), origin: new URL(baseURL!).origin } });
  try {
    expect((await copied.get("/api/v1/tickets")).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    const del = await copied.delete(`/api/v1/recordings/${seed.recordingId}`);
    expect(del.status()).toBe(401);
    expect((await copied.get("/api/v1/tickets")).status()).toBe(401);
    const pageRes = await copied.get("/tickets", { maxRedirects: 0 });
    expect(pageRes.status()).toBe(307);
    expect(new URL(pageRes.headers().location!, baseURL).pathname).toBe("/login");
  } finally {
    await copied.dispose();
  }
  // The recording is still there.
  const adminApi = await request.newContext({ baseURL });
  try {
    expect(await signInOverHttp(adminApi, admin.email, admin.password)).toBeNull();
    expect((await adminApi.get(`/api/v1/recordings/${seed.recordingId}`)).status()).toBe(200);

    // Disabling a user ends their sessions: enabling them again does not bring a copied cookie back.
    const browserContext = await page.context().browser()!.newContext({ baseURL });
    const userPage = await browserContext.newPage();
    await login(userPage, outsider.email, outsider.password);
    const copiedOutsider = await request.newContext({ baseURL, extraHTTPHeaders: { cookie: await cookieHeader(browserContext) } });
    expect((await copiedOutsider.get("/api/v1/tickets")).status()).toBe(200);
    const users = (await (await adminApi.get("/api/v1/users")).json()) as { users: { id: string; email: string }[] };
    const id = users.users.find((u) => u.email === outsider.email)!.id;
    const origin = { origin: new URL(baseURL!).origin };
    expect((await adminApi.patch(`/api/v1/users/${id}`, { data: { disabled: true }, headers: origin })).status()).toBe(200);
    expect((await adminApi.patch(`/api/v1/users/${id}`, { data: { disabled: false }, headers: origin })).status()).toBe(200);
    expect((await copiedOutsider.get("/api/v1/tickets")).status()).toBe(401);
    await copiedOutsider.dispose();
    await browserContext.close();
  } finally {
    await adminApi.dispose();
  }
});
