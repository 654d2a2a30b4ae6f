import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { OPERATOR_PORT } from "../../../playwright.config";
import { readE2EEnv } from "./e2e-env";
import { SECRETS, startOperatorSite, type TOperatorSite } from "./operator-site";
import { apiClient, createAdminAndApiKey } from "./seed";

export type TUpload = { seq: number; gzip: boolean; text: string; events: { type: number; data: any; timestamp: number }[] };
export type TRecordedSession = { ticketId: string; linkId: string; recordingId: string; uploads: TUpload[] };

/** A Site in Glimpse whose allowed origin is the operator site; its key goes into the loader tag. */
export async function registerOperatorSite(admin: APIRequestContext, operator: TOperatorSite, extra: Record<string, unknown> = {}) {
  const res = await admin.post("/api/v1/sites", {
    data: { name: `Canary ${randomBytes(3).toString("hex")}`, allowedOrigins: [operator.origin], startUrl: operator.url("/"), ...extra },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { site } = (await res.json()) as { site: { id: string; siteKey: string } };
  operator.siteKey = site.siteKey;
  return site;
}

/** A ticket and a one-time recording link for it, through the public API. */
export async function requestRecordingLink(api: APIRequestContext, siteId: string, opts: { startUrl?: string; maxDurationMinutes?: number } = {}) {
  const externalId = `E2E-${randomBytes(4).toString("hex")}`;
  const ticketRes = await api.post("/api/v1/tickets", { data: { externalId, subject: "Checkout fails" } });
  expect(ticketRes.status(), await ticketRes.text()).toBe(201);
  const { ticket } = (await ticketRes.json()) as { ticket: { id: string } };
  const linkRes = await api.post(`/api/v1/tickets/${ticket.id}/links`, { data: { siteId, ...opts } });
  expect(linkRes.status(), await linkRes.text()).toBe(201);
  const { link } = (await linkRes.json()) as { link: { id: string; url: string } };
  return { ticketId: ticket.id, externalId, linkId: link.id, url: link.url };
}

/** Every batch the page uploads (gunzipped) and every seq the server acknowledged. */
export function watchUploads(page: Page) {
  const uploads: TUpload[] = [];
  const acked = new Set<number>();
  const pending: Promise<void>[] = [];
  const isUpload = (req: Request) => req.method() === "POST" && /\/api\/recorder\/sessions\/[^/]+\/events$/.test(new URL(req.url()).pathname);
  page.on("request", (req) => {
    if (!isUpload(req)) return;
    pending.push(
      req.allHeaders().then((headers) => {
        const raw = req.postDataBuffer() ?? Buffer.alloc(0);
        const gzip = headers["content-encoding"] === "gzip";
        const text = (gzip ? gunzipSync(raw) : raw).toString("utf8");
        uploads.push({ seq: Number(headers["x-glimpse-seq"]), gzip, text, events: JSON.parse(text) });
      }),
    );
  });
  page.on("response", (res) => {
    if (isUpload(res.request()) && res.status() === 200) acked.add(Number(res.request().headers()["x-glimpse-seq"]));
  });
  return { uploads, acked, settled: () => Promise.all(pending) };
}

/** The badge lives in a closed shadow root, which locators cannot enter; DevTools can. */
async function badgeNodes(page: Page) {
  type TNode = { nodeId: number; backendNodeId: number; nodeType: number; nodeName: string; nodeValue: string; attributes?: string[]; children?: TNode[]; shadowRoots?: TNode[] };
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: TNode };
    const find = (n: TNode): TNode | undefined =>
      n.attributes?.includes("data-glimpse-badge") ? n : [...(n.children ?? []), ...(n.shadowRoots ?? [])].map(find).find(Boolean);
    const host = find(root);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return { text: "", buttons: [] as { label: string; backendNodeId: number }[] };
    const texts: string[] = [];
    const buttons: { label: string; backendNodeId: number }[] = [];
    const walk = (n: TNode, inButton: string[] | null) => {
      if (n.nodeName === "STYLE") return;
      if (n.nodeType === 3) (inButton ?? texts).push(n.nodeValue);
      const label: string[] | null = n.nodeName === "BUTTON" ? [] : inButton;
      for (const c of n.children ?? []) walk(c, label);
      if (n.nodeName === "BUTTON" && label) {
        buttons.push({ label: label.join(""), backendNodeId: n.backendNodeId });
        texts.push(label.join(""));
      }
    };
    walk(shadow, null);
    return { text: texts.join(" ").replace(/\s+/g, " ").trim(), buttons };
  } finally {
    await cdp.detach();
  }
}

export async function badgeText(page: Page) {
  return (await badgeNodes(page)).text;
}

/** Presses a badge button the way a keyboard user does: focus it, then Enter (or a mouse click). */
export async function pressBadgeButton(page: Page, label: string, via: "keyboard" | "mouse" = "keyboard") {
  const { buttons } = await badgeNodes(page);
  const button = buttons.find((b) => b.label === label);
  if (!button) throw new Error(`No badge button "${label}" (have: ${buttons.map((b) => b.label).join(", ")})`);
  const cdp = await page.context().newCDPSession(page);
  try {
    if (via === "keyboard") {
      await cdp.send("DOM.focus", { backendNodeId: button.backendNodeId });
      await page.keyboard.press("Enter");
    } else {
      const { model } = (await cdp.send("DOM.getBoxModel", { backendNodeId: button.backendNodeId })) as { model: { content: number[] } };
      const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
      await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
    }
  } finally {
    await cdp.detach();
  }
}

export async function expectBadge(page: Page, text: string | RegExp) {
  await expect.poll(() => badgeText(page), { timeout: 15_000 }).toMatch(text);
}

/** Opens the link, accepts, and waits for the recorder's badge on the operator's page. */
export async function acceptLink(page: Page, url: string, operator: TOperatorSite, ticketRef: string) {
  await page.goto(url);
  await page.getByRole("button", { name: "Accept and start recording" }).click();
  await page.waitForURL((u) => u.origin === operator.origin);
  await expectBadge(page, `Recording for support ticket #${ticketRef}`);
}

/** Types the canary strings into the operator's form, the way a customer would. */
export async function typeSecrets(page: Page) {
  await page.locator("#name").pressSequentially(SECRETS.name, { delay: 5 });
  await page.locator("#email").pressSequentially(SECRETS.email, { delay: 5 });
  await page.locator("#card").pressSequentially(SECRETS.card, { delay: 5 });
  await page.locator("#password").pressSequentially(SECRETS.password, { delay: 5 });
}

export async function ticketRecordings(api: APIRequestContext, ticketId: string) {
  const res = await api.get(`/api/v1/tickets/${ticketId}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { recordings: { id: string; status: string; linkId: string }[] }).recordings;
}

/**
 * The whole customer flow on the operator site: accept, type into the form on `/`, go to
 * `/checkout`, press Finish. Engineer D replays what this records.
 */
export async function recordSession(page: Page, api: APIRequestContext, operator: TOperatorSite, siteId: string): Promise<TRecordedSession> {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(api, siteId);
  await acceptLink(page, link.url, operator, link.externalId);
  await typeSecrets(page);
  await page.locator("#stock").click();
  await expect(page.locator("#stock-result")).toHaveText("Stock: 503");
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(page, "Finish");
  await page.locator("#name").pressSequentially(SECRETS.name, { delay: 5 });
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();
  const [recording] = await ticketRecordings(api, link.ticketId);
  expect(recording?.status).toBe("finished");
  return { ticketId: link.ticketId, linkId: link.linkId, recordingId: recording!.id, uploads: watch.uploads };
}

/** The events Glimpse returns for a recording, through the API (decrypted server-side). */
export async function storedEvents(api: APIRequestContext, recordingId: string) {
  const res = await api.get(`/api/v1/recordings/${recordingId}/events`);
  expect(res.status(), await res.text()).toBe(200);
  return { text: await res.text(), events: (await res.json()) as { type: number; data: any; timestamp: number }[] };
}

/** The raw bytes of the e2e server's SQLite database and its write-ahead log. */
export function databaseBytes(port?: number) {
  const file = readE2EEnv(port).DATABASE_URL.replace(/^file:/, "");
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

/** Reads the e2e database directly, read-only: what is stored, not what the API says. */
export function queryDatabase<T>(sql: string, ...params: unknown[]): T[] {
  const file = path.resolve(readE2EEnv().DATABASE_URL.replace(/^file:/, ""));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export type TOperatorSiteFixture = { operator: TOperatorSite; api: APIRequestContext; siteId: string; admin: ReturnType<typeof createAdminAndApiKey> };

/** For a spec: starts the operator's site and registers it in Glimpse before its tests, stops it after. */
export function useOperatorSite(extra: Record<string, unknown> = {}): TOperatorSiteFixture {
  const fixture = {} as TOperatorSiteFixture;
  test.beforeAll(async () => {
    fixture.admin = createAdminAndApiKey();
    fixture.operator = await startOperatorSite({ port: OPERATOR_PORT, glimpseBase: readE2EEnv().GLIMPSE_BASE_URL });
    fixture.api = await apiClient(fixture.admin.key);
    fixture.siteId = (await registerOperatorSite(fixture.api, fixture.operator, extra)).id;
  });
  test.afterAll(async () => {
    await fixture.api?.dispose();
    await fixture.operator?.close();
  });
  return fixture;
}
