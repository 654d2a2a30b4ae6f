import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { ensureDemoSite } from "../sites/ensure-demo-site";
import { createTicket } from "../tickets/create-ticket";
import { createLink } from "./create-link";
import { revokeLink } from "./revoke-link";

const actor = { type: "system" as const, label: "test" };
let ticketId: string;

beforeAll(async () => {
  await ensureDemoSite();
  ({ ticket: { id: ticketId } } = await createTicket({ input: { source: "manual", externalId: "R-1" }, actor }));
});

describe("revokeLink", () => {
  it("revokes a pending link, kills its unused grants and audits it", async () => {
    const { link } = await createLink({ ticketId, input: {}, actor });
    await db.grant.create({ data: { linkId: link.id, tokenHash: "g".repeat(64), expiresAt: new Date(Date.now() + 600_000) } });
    const revoked = await revokeLink({ linkId: link.id, actor });
    expect(revoked.status).toBe("revoked");
    expect(await db.grant.count({ where: { linkId: link.id } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { linkId: link.id, action: "link.revoked" } });
    expect(JSON.parse(entry.details)).toMatchObject({ previousStatus: "pending" });
  });

  it("refuses a link that is already final, and an expired one", async () => {
    const { link } = await createLink({ ticketId, input: {}, actor });
    await revokeLink({ linkId: link.id, actor });
    await expect(revokeLink({ linkId: link.id, actor })).rejects.toMatchObject({ code: "conflict" });

    const { link: lapsed } = await createLink({ ticketId, input: {}, actor });
    await db.link.update({ where: { id: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(revokeLink({ linkId: lapsed.id, actor })).rejects.toMatchObject({ code: "conflict", message: "The link is already expired." });
  });

  it("stops a recording in progress from taking more uploads", async () => {
    const { link } = await createLink({ ticketId, input: {}, actor });
    await db.link.update({ where: { id: link.id }, data: { status: "recording" } });
    const recording = await db.recording.create({
      data: { linkId: link.id, ticketId, siteId: link.siteId, privacy: "{}", maxDurationMs: 60_000, uploadTokenHash: "u".repeat(64), uploadTokenExpiresAt: new Date(Date.now() + 60_000) },
    });
    await revokeLink({ linkId: link.id, actor });
    const after = await db.recording.findUniqueOrThrow({ where: { id: recording.id }, omit: { uploadTokenHash: false } });
    expect(after).toMatchObject({ status: "finished", uploadTokenHash: null });
  });

  it("is not_found for an unknown id", async () => {
    await expect(revokeLink({ linkId: "nope", actor })).rejects.toMatchObject({ code: "not_found" });
  });
});
