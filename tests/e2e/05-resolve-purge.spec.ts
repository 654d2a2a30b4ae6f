import AxeBuilder from "@axe-core/playwright";
import { createHmac, randomBytes, randomInt } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { OPERATOR_PORT } from "../../playwright.config";
import { apiClient, createAdminAndApiKey, login, readE2EEnv, runCli } from "./helpers";
import { SECRETS, startOperatorSite, type TOperatorSite } from "./helpers/operator-site";
import {
  acceptLink,
  databaseBytes,
  expectBadge,
  pressBadgeButton,
  queryDatabase,
  registerOperatorSite,
  storedEvents,
  ticketRecordings,
  typeSecrets,
  watchUploads,
} from "./helpers/record-session";

// End to end: a real recording, then a signed Zendesk "ticket solved" webhook purges it.
test.describe.configure({ mode: "serial" });

const ZENDESK_SECRET = `zd-${randomBytes(18).toString("base64")}`;

let admin: ReturnType<typeof createAdminAndApiKey>;
let api: APIRequestContext;
let operator: TOperatorSite;
let siteId: string;

test.beforeAll(async () => {
  admin = createAdminAndApiKey();
  api = await apiClient(admin.key);
  operator = await startOperatorSite({ port: OPERATOR_PORT, glimpseBase: readE2EEnv().GLIMPSE_BASE_URL });
  // Balanced preset: page text is recorded, so a known string really is inside the stored chunks.
  siteId = (await registerOperatorSite(api, operator, { privacyPreset: "balanced" })).id;
  const res = await api.put("/api/v1/integrations/zendesk", { data: { secret: ZENDESK_SECRET } });
  expect(res.status(), await res.text()).toBe(200);
});

test.afterAll(async () => {
  await api.dispose();
  await operator.close();
});

/** Folds the WAL into the database file, the way a checkpoint eventually does by itself. */
function checkpoint() {
  const db = new Database(path.resolve(readE2EEnv().DATABASE_URL.replace(/^file:/, "")));
  try {
    const [row] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
    expect(row?.busy).toBe(0);
  } finally {
    db.close();
  }
}

function zendeskStatusChanged(ticketNumber: string, current: string, previous: string) {
  const body = JSON.stringify({
    type: "zen:event-type:ticket.status_changed",
    account_id: 22129848,
    id: randomBytes(16).toString("hex"),
    time: new Date().toISOString(),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketNumber}`,
    detail: { id: ticketNumber, status: current },
    event: { current, previous },
  });
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const signature = createHmac("sha256", ZENDESK_SECRET).update(timestamp + body).digest("base64");
  return {
    body,
    headers: { "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": timestamp },
  };
}

async function expectNoAxeViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function recordForZendeskTicket(page: import("@playwright/test").Page) {
  const ticketNumber = String(randomInt(10_000, 99_999));
  const ticketRes = await api.post("/api/v1/tickets", { data: { source: "zendesk", externalId: ticketNumber, subject: "Checkout fails" } });
  expect(ticketRes.status(), await ticketRes.text()).toBe(201);
  const { ticket } = (await ticketRes.json()) as { ticket: { id: string } };
  const linkRes = await api.post(`/api/v1/tickets/${ticket.id}/links`, { data: { siteId } });
  expect(linkRes.status(), await linkRes.text()).toBe(201);
  const { link } = (await linkRes.json()) as { link: { id: string; url: string } };
  const watch = watchUploads(page);
  await acceptLink(page, link.url, operator, ticketNumber);
  await typeSecrets(page);
  return { ticketNumber, ticketId: ticket.id, linkId: link.id, watch };
}

test("a signed Zendesk 'solved' webhook purges the recording: the recordings API answers 404, no chunks or key, bytes gone, receipt", async ({ page }) => {
  const { ticketNumber, ticketId, watch } = await recordForZendeskTicket(page);
  await page.locator("#to-checkout").click();
  await page.waitForURL(operator.url("/checkout") + "**");
  await expectBadge(page, "Finish");
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();
  const [recording] = await ticketRecordings(api, ticketId);
  expect(recording?.status).toBe("finished");
  const recordingId = recording!.id;

  // The known string was recorded, and its ciphertext is in the database file.
  expect((await storedEvents(api, recordingId)).text).toContain(SECRETS.pageText);
  const chunks = queryDatabase<{ ciphertext: Buffer }>(`SELECT "ciphertext" FROM "Chunk" WHERE "recordingId" = ?`, recordingId);
  expect(chunks.length).toBeGreaterThan(0);
  const slices = chunks.map((c) => c.ciphertext.subarray(16, 48));
  checkpoint();
  expect(slices.every((s) => databaseBytes().includes(s))).toBe(true);

  const { body, headers } = zendeskStatusChanged(ticketNumber, "SOLVED", "OPEN");
  const res = await api.post("/api/webhooks/zendesk", { data: body, headers });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, result: "applied" });

  const events = await api.get(`/api/v1/recordings/${recordingId}/events`);
  expect(events.status()).toBe(404);
  expect((await api.get(`/api/v1/recordings/${recordingId}`)).status()).toBe(404);
  expect(queryDatabase<{ status: string }>(`SELECT "status" FROM "Recording" WHERE "id" = ?`, recordingId)).toEqual([{ status: "purged" }]);
  expect(queryDatabase(`SELECT 1 FROM "Chunk" WHERE "recordingId" = ?`, recordingId)).toEqual([]);
  expect(queryDatabase<{ k: unknown }>(`SELECT "wrappedKey" AS k FROM "Recording" WHERE "id" = ?`, recordingId)).toEqual([{ k: null }]);
  const receipts = queryDatabase<{ details: string }>(`SELECT "details" FROM "AuditEntry" WHERE "action" = 'recording.purged' AND "recordingId" = ?`, recordingId);
  expect(receipts).toHaveLength(1);
  expect(JSON.parse(receipts[0]!.details)).toMatchObject({ reason: "ticket_resolved", chunks: chunks.length });
  expect(receipts[0]!.details).not.toContain(SECRETS.pageText);

  // No checkpoint from the test: the server folds and truncates its WAL after a purge.
  await expect.poll(() => slices.some((slice) => databaseBytes().includes(slice)), { timeout: 5_000 }).toBe(false);
  const bytes = databaseBytes();
  expect(bytes.includes(Buffer.from(SECRETS.pageText))).toBe(false);
  for (const slice of slices) expect(bytes.includes(slice)).toBe(false);

  // The same delivery again is acknowledged and applied once; the chain still verifies.
  expect((await (await api.post("/api/webhooks/zendesk", { data: body, headers })).json()).result).toBe("duplicate");
  expect(runCli(["audit", "verify"])).toContain("Audit log intact");
});

test("resolving while the customer is recording stops the recorder's uploads and purges what it sent", async ({ page }) => {
  const { ticketNumber, ticketId, linkId, watch } = await recordForZendeskTicket(page);
  await expect.poll(() => watch.acked.size, { timeout: 20_000 }).toBeGreaterThan(0);
  const [live] = await ticketRecordings(api, ticketId);
  expect(live?.status).toBe("live");

  const resolve = zendeskStatusChanged(ticketNumber, "SOLVED", "OPEN");
  expect((await api.post("/api/webhooks/zendesk", { data: resolve.body, headers: resolve.headers })).status()).toBe(200);
  expect((await (await api.get(`/api/v1/links/${linkId}`)).json()).link.status).toBe("finished");

  // The recorder keeps trying, but its upload token died with the recording.
  const before = watch.acked.size;
  await page.locator("#to-checkout").click();
  await page.waitForURL(operator.url("/checkout") + "**");
  await page.locator("#name").pressSequentially("more typing", { delay: 5 });
  await page.waitForTimeout(6_000);
  expect(watch.acked.size).toBe(before);
  expect(queryDatabase(`SELECT 1 FROM "Chunk" WHERE "recordingId" = ?`, live!.id)).toEqual([]);
  expect((await ticketRecordings(api, ticketId))[0]?.status).toBe("purged");
});

test("admins configure integrations, see deliveries, the compliance report and the audit chain status", async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.goto("/settings/integrations");
  const zendesk = page.locator('[data-provider="zendesk"]');
  await expect(zendesk.getByText("Configured", { exact: true })).toBeVisible();
  await expect(zendesk.locator("code").first()).toHaveText(`${readE2EEnv().GLIMPSE_BASE_URL}/api/webhooks/zendesk`);
  await zendesk.locator("summary").click();
  await expect(zendesk.getByRole("cell", { name: "status_changed" }).first()).toBeVisible();

  const generic = page.locator('[data-provider="generic"]');
  await generic.getByRole("button", { name: "Generate one" }).click();
  await expect(generic.getByRole("status")).toContainText("Copy it now");
  await expect(generic.locator("code").nth(1)).toHaveText(/^whsec_/);
  await expect(generic.getByText("Configured", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/compliance");
  await expect(page.getByRole("heading", { name: "Compliance report" })).toBeVisible();
  await expect(page.locator('[data-count="purges"]')).toContainText(/^[1-9]/);
  await expect(page.getByText("hash chain intact")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/audit");
  await expect(page.locator('[data-audit-chain="intact"]')).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^glimpse-audit-.*\.csv$/);
});
