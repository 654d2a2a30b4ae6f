import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { sha256Hex } from "../crypto";
import { ensureDemoSite } from "../sites/ensure-demo-site";
import { createSite } from "../sites/create-site";
import { updateSettings } from "../settings/update-settings";
import { createTicket } from "../tickets/create-ticket";
import { createLink } from "./create-link";

const actor = { type: "system" as const, label: "test" };
let ticketId: string;

beforeAll(async () => {
  await ensureDemoSite();
  ({ ticket: { id: ticketId } } = await createTicket({ input: { source: "manual", externalId: "L-1" }, actor }));
});

describe("createLink", () => {
  it("returns the token once in the url and stores only its SHA-256", async () => {
    const { link, url } = await createLink({ ticketId, input: {}, actor });
    const token = url.split("/r/")[1]!;
    expect(url).toBe(`http://glimpse.test/r/${token}`);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(link).not.toHaveProperty("tokenHash");
    const stored = await db.link.findUniqueOrThrow({ where: { id: link.id }, omit: { tokenHash: false } });
    expect(stored.tokenHash).toBe(sha256Hex(token));
    const everything = JSON.stringify(await db.link.findMany({ omit: { tokenHash: false } })) + JSON.stringify(await db.auditEntry.findMany());
    expect(everything).not.toContain(token);
  });

  it("uses the demo site and the link defaults when nothing is given", async () => {
    const before = Date.now();
    const { link } = await createLink({ ticketId, input: {}, actor });
    const demo = await db.site.findFirstOrThrow({ where: { isDemo: true } });
    expect(link.siteId).toBe(demo.id);
    expect(link.startUrl).toBe(demo.startUrl);
    expect(link.status).toBe("pending");
    expect(link.maxDurationMs).toBe(20 * 60_000);
    const ttl = link.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(24 * 3600_000 - 5_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000 + 5_000);
  });

  it("follows the admin's link defaults", async () => {
    await updateSettings({ linkTtlMinutes: 60, maxDurationMinutes: 5 }, actor);
    const { link } = await createLink({ ticketId, input: {}, actor });
    expect(link.maxDurationMs).toBe(5 * 60_000);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await updateSettings({ linkTtlMinutes: 24 * 60, maxDurationMinutes: 20 }, actor);
  });

  it("refuses a start URL outside the site's allowed origins", async () => {
    await expect(createLink({ ticketId, input: { startUrl: "https://evil.example/phish" }, actor })).rejects.toMatchObject({
      code: "unprocessable_entity",
    });
    const site = await createSite(
      { name: "Shop", allowedOrigins: ["https://shop.example"], startUrl: "https://shop.example/help", privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" },
      actor,
    );
    const { link } = await createLink({ ticketId, input: { siteId: site.id, startUrl: "https://shop.example/cart?x=1" }, actor });
    expect(link.startUrl).toBe("https://shop.example/cart?x=1");
    await expect(createLink({ ticketId, input: { siteId: site.id, startUrl: "https://shop.example.evil.test/" }, actor })).rejects.toMatchObject({
      code: "unprocessable_entity",
    });
  });

  it("writes a link.created audit entry", async () => {
    const { link } = await createLink({ ticketId, input: {}, actor });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { linkId: link.id } });
    expect(entry).toMatchObject({ action: "link.created", ticketId, ticketRef: "manual:L-1" });
  });

  it("refuses a resolved ticket", async () => {
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "L-2" }, actor });
    await db.ticket.update({ where: { id: ticket.id }, data: { status: "resolved" } });
    await expect(createLink({ ticketId: ticket.id, input: {}, actor })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("start URLs with credentials (issue 8 item 27)", () => {
  it("refuses user:pass@ in a link's start URL, a site's start URL and a site's origins with 422", async () => {
    const demo = await ensureDemoSite();
    const host = new URL(demo.startUrl).host;
    for (const startUrl of [`http://user:pass@${host}/demo`, `http://user@${host}/demo`, `http://:pass@${host}/demo`]) {
      await expect(createLink({ ticketId, input: { startUrl }, actor }), startUrl).rejects.toMatchObject({ name: expect.stringMatching(/ZodError|AppError/) });
    }
    const links = await db.link.count();
    await expect(createLink({ ticketId, input: { startUrl: `http://u:p@${host}/demo` }, actor })).rejects.toBeTruthy();
    expect(await db.link.count()).toBe(links);
    const site = { name: "Creds", privacyPreset: "strict" as const, maskSelectors: "", blockSelectors: "", unmaskSelectors: "" };
    await expect(createSite({ ...site, allowedOrigins: ["https://shop.example"], startUrl: "https://u:p@shop.example/" }, actor)).rejects.toBeTruthy();
    await expect(createSite({ ...site, allowedOrigins: ["https://u:p@shop.example"], startUrl: "https://shop.example/" }, actor)).rejects.toBeTruthy();
    expect(await db.site.count({ where: { name: "Creds" } })).toBe(0);
  });
});
