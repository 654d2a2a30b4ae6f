import { createHmac, randomBytes, randomInt } from "node:crypto";
import { expect, request, test } from "@playwright/test";
import { OPERATOR_PORT } from "../../playwright.config";
import { startZendeskReceiver } from "../fixtures/helpdesk-receivers/zendesk";
import { startReceiver } from "../fixtures/webhook-receiver";
import { apiClient, createAdminAndApiKey, createUser, login, readE2EEnv } from "./helpers";
import { CONSOLE_TEXT, SECRETS, startOperatorSite } from "./helpers/operator-site";
import { acceptLink, expectBadge, pressBadgeButton, registerOperatorSite, storedEvents, ticketRecordings, typeSecrets } from "./helpers/record-session";

// The whole flow from the helpdesk: a Zendesk tag asks for a recording, the message for the customer
// arrives as a private comment at a local Zendesk, the customer records, a "ready" note links the
// player at the first error, and a "solved" webhook purges the recording with a receipt note.
const ZENDESK_SECRET = `zd-${randomBytes(18).toString("base64")}`;
const ZENDESK = { email: "agent@e2e.test", apiToken: `zd-token-${randomBytes(9).toString("hex")}` };

function signedZendesk(body: object) {
  const raw = JSON.stringify(body);
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const signature = createHmac("sha256", ZENDESK_SECRET).update(timestamp + raw).digest("base64");
  return { data: raw, headers: { "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": timestamp } };
}

function zendeskEvent(ticket: string, type: string, event: object, status = "OPEN") {
  return signedZendesk({
    type: `zen:event-type:${type}`,
    account_id: 22129848,
    id: randomBytes(16).toString("hex"),
    time: new Date().toISOString(),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticket}`,
    detail: { id: ticket, status, subject: "Checkout fails" },
    event,
  });
}

test("a Zendesk tag requests a recording; the message, the ready note (at the first error) and the purge receipt arrive as private comments", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const env = readE2EEnv();
  const admin = createAdminAndApiKey();
  const api = await apiClient(admin.key);
  const zendesk = await startZendeskReceiver(ZENDESK);
  const events = await startReceiver();
  const operator = await startOperatorSite({ port: OPERATOR_PORT, glimpseBase: env.GLIMPSE_BASE_URL });
  let endpointId: string | null = null;
  try {
    // Balanced preset: the page text is recorded, so the privacy check below is not vacuous.
    const site = await registerOperatorSite(api, operator, { privacyPreset: "balanced" });
    expect((await api.put("/api/v1/integrations/zendesk", { data: { secret: ZENDESK_SECRET } })).status()).toBe(200);
    const endpoint = await api.post("/api/v1/webhook-endpoints", { data: { url: events.url("/e2e"), eventTypes: ["link.created", "consent.accepted", "recording.finished", "recording.purged"] } });
    const { endpoint: ep, secret } = (await endpoint.json()) as { endpoint: { id: string }; secret: string };
    endpointId = ep.id;
    events.trust("/e2e", secret);

    // An agent sees nothing of it, and the API refuses anonymous and agent callers.
    const agent = createUser("agent");
    const agentPage = await browser.newPage({ baseURL });
    await login(agentPage, agent.email, agent.password);
    await agentPage.goto("/settings/integrations");
    await expect(agentPage.getByText("Only admins can change settings.")).toBeVisible();
    await expect(agentPage.getByTestId("helpdesk-connections")).toHaveCount(0);
    const agentRes = await agentPage.request.get("/api/v1/helpdesk-connections");
    expect(agentRes.status()).toBe(403);
    await agentPage.close();
    const anon = await request.newContext({ baseURL });
    expect((await anon.get("/api/v1/helpdesk-connections")).status()).toBe(401);
    await anon.dispose();

    // The admin connects Zendesk in Settings → Integrations, pointed at the local Zendesk.
    await login(page, admin.email, admin.password);
    await page.goto("/settings/integrations");
    const section = page.getByTestId("helpdesk-connections");
    await section.getByLabel("Helpdesk", { exact: true }).selectOption("zendesk");
    await section.getByLabel("subdomain", { exact: true }).fill("acme");
    await section.getByLabel("email", { exact: true }).fill(ZENDESK.email);
    await section.getByLabel("apiToken", { exact: true }).fill(ZENDESK.apiToken);
    await section.getByLabel("baseUrl (optional)", { exact: true }).fill(zendesk.url);
    await section.getByLabel("Site of links requested from the helpdesk").selectOption(site.id);
    await section.getByRole("button", { name: "Connect" }).click();
    const card = section.locator("article[data-connection-id]");
    await expect(card).toContainText("Zendesk");
    await expect(card).toContainText(`${new URL(zendesk.url).host} as ${ZENDESK.email}`);
    expect(await page.content()).not.toContain(ZENDESK.apiToken);

    // The agent adds the tag in Zendesk: Zendesk's signed webhook arrives.
    const ticket = String(randomInt(10_000, 99_999));
    const tagged = zendeskEvent(ticket, "ticket.tags_changed", { tags_added: ["glimpse-record"], tags_removed: [] });
    const res = await api.post("/api/webhooks/zendesk", tagged);
    expect(await res.json()).toMatchObject({ result: "applied" });
    // Zendesk retries: the same delivery creates nothing more.
    expect(await (await api.post("/api/webhooks/zendesk", tagged)).json()).toMatchObject({ result: "duplicate" });

    await expect.poll(() => zendesk.accepted.length, { timeout: 30_000 }).toBe(1);
    const message = zendesk.accepted[0]!;
    expect(message).toMatchObject({ ticketRef: ticket, public: false });
    const linkUrl = /https?:\/\/\S+\/r\/[A-Za-z0-9]+/.exec(message.text)?.[0];
    expect(linkUrl?.startsWith(`${env.GLIMPSE_BASE_URL}/r/`)).toBe(true);
    expect(message.text).toContain(`To help with your request (#${ticket})`);

    // The customer opens the link from the message, accepts, and records; the stock check logs a console error.
    const customer = await browser.newPage();
    await acceptLink(customer, linkUrl!, operator, ticket);
    await typeSecrets(customer);
    await customer.locator("#stock").click();
    await expect(customer.locator("#stock-result")).toHaveText("Stock: 503");
    await customer.waitForTimeout(1_500);
    await pressBadgeButton(customer, "Finish");
    await expectBadge(customer, "Recording finished");
    await customer.close();

    await expect.poll(() => zendesk.accepted.length, { timeout: 30_000 }).toBe(3);
    expect(zendesk.accepted[1]!.text).toMatch(/^Glimpse: the customer accepted the recording/);
    const ready = zendesk.accepted[2]!.text;
    const ticketRow = (await (await api.get(`/api/v1/tickets?q=${ticket}`)).json()) as { tickets: { id: string; externalId: string; source: string }[] };
    const glimpseTicket = ticketRow.tickets.find((t) => t.source === "zendesk" && t.externalId === ticket)!;
    const [recording] = await ticketRecordings(api, glimpseTicket.id);
    // The recording does hold the page's known text and console message: the privacy check at the end is not vacuous.
    const stored = await storedEvents(api, recording!.id);
    expect(stored.text).toContain(SECRETS.pageText);
    expect(ready).toMatch(new RegExp(`^Glimpse: recording ${recording!.id} is ready \\(`));
    const firstError = new RegExp(`First error at (\\S+): (${env.GLIMPSE_BASE_URL.replace(/[.:/]/g, "\\$&")}/recordings/${recording!.id}\\?t=(\\S+))`).exec(ready);
    expect(firstError, ready).not.toBeNull();

    // The link's moment is the first error marker's offset, as the recording's API gives it.
    const detail = (await (await api.get(`/api/v1/recordings/${recording!.id}`)).json()) as { recording: { markers: { kind: string; offsetMs: number }[] } };
    const errors = detail.recording.markers.filter((m) => m.kind === "console-error" || m.kind === "network-error");
    expect(errors.length).toBeGreaterThan(0);
    const firstMs = Math.min(...errors.map((m) => m.offsetMs));
    const seconds = Math.floor(firstMs / 1000);
    const expectedT = seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
    expect(firstError![3]).toBe(expectedT);

    // The agent opens the console link from the note and lands on the recording's player.
    await page.goto(firstError![2]!);
    expect(new URL(page.url()).searchParams.get("t")).toBe(expectedT);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Recording for ticket #${ticket}`);

    // Zendesk says "solved": the recording is purged, and the receipt follows as a note.
    const solved = zendeskEvent(ticket, "ticket.status_changed", { current: "SOLVED", previous: "OPEN" }, "SOLVED");
    expect(await (await api.post("/api/webhooks/zendesk", solved)).json()).toMatchObject({ result: "applied" });
    await expect.poll(() => zendesk.accepted.length, { timeout: 30_000 }).toBe(4);
    const audit = (await (await api.get(`/api/v1/audit?ticketId=${glimpseTicket.id}`)).json()) as { entries: { id: number; action: string; hash: string; recordingId: string | null }[] };
    const purged = audit.entries.find((e) => e.action === "recording.purged" && e.recordingId === recording!.id)!;
    expect(zendesk.accepted[3]!.text).toContain(`Deletion receipt: audit entry #${purged.id}, hash ${purged.hash}.`);
    expect(zendesk.accepted.every((n) => !n.public)).toBe(true);

    // Privacy: the recording held the page's known strings, and no webhook event or note carries any of them.
    // Delivery is at least once (README): a receiver de-duplicates by webhook-id, and so does this test.
    // Each of the four events arrives, once per id; a redelivery (one CI run saw 5 requests) is not a fifth event.
    const distinctTypes = () => {
      const byId = new Map(events.received.map((r) => [r.headers["webhook-id"], (r.verified.ok && r.verified.payload?.type) || "unverified"]));
      return [...byId.values()].sort();
    };
    // On failure the poll's diff shows the last types seen: a repeated type is a real extra event.
    await expect.poll(distinctTypes, { timeout: 30_000 }).toEqual(["consent.accepted", "link.created", "recording.finished", "recording.purged"]);
    expect(events.received.every((r) => r.verified.ok)).toBe(true);
    const bodies = [...zendesk.received.map((r) => r.body), ...events.received.map((r) => r.body)];
    const known = [...Object.values(SECRETS), CONSOLE_TEXT];
    for (const body of bodies) for (const s of known) expect(body.includes(s), `${s} in ${body}`).toBe(false);
    const token = linkUrl!.split("/r/")[1]!;
    expect(events.received.some((r) => r.body.includes(token))).toBe(false);
  } finally {
    if (endpointId) await api.delete(`/api/v1/webhook-endpoints/${endpointId}`);
    const list = (await (await api.get("/api/v1/helpdesk-connections")).json()) as { connections: { id: string }[] };
    for (const c of list.connections ?? []) await api.delete(`/api/v1/helpdesk-connections/${c.id}`);
    await api.dispose();
    await zendesk.close();
    await events.close();
    await operator.close();
  }
});
