import { describe, expect, it } from "vitest";
import { seedTicketWithRecording } from "@/tests/fixtures/retention";
import { db } from "../db";
import { revokeLink } from "../links/revoke-link";
import { finishRecording } from "../recorder-sessions/finish-recording";
import { runSweeper } from "../retention/run-sweeper";
import { resolveTicket } from "../tickets/resolve-ticket";

const actor = { type: "system" as const, label: "test" };

async function finishedEntries(recordingId: string) {
  const entries = await db.auditEntry.findMany({ where: { action: "recording.finished", recordingId } });
  return entries.map((e) => JSON.parse(e.details).reason);
}

describe("every end of a live recording is audited the same way", () => {
  it("one recording.finished with its reason, whoever ends it", async () => {
    const byCustomer = await seedTicketWithRecording();
    await finishRecording({ recordingId: byCustomer.recording.id, reason: "customer" });

    const byRevoke = await seedTicketWithRecording();
    await revokeLink({ linkId: byRevoke.link.id, actor });

    const byResolve = await seedTicketWithRecording();
    await resolveTicket({ ticketId: byResolve.ticket.id, actor });

    const byExpiry = await seedTicketWithRecording();
    await db.recording.update({ where: { id: byExpiry.recording.id }, data: { uploadTokenExpiresAt: new Date(Date.now() - 1000) } });
    await runSweeper();

    expect(await finishedEntries(byCustomer.recording.id)).toEqual(["customer"]);
    expect(await finishedEntries(byRevoke.recording.id)).toEqual(["link_revoked"]);
    expect(await finishedEntries(byResolve.recording.id)).toEqual(["ticket_resolved"]);
    expect(await finishedEntries(byExpiry.recording.id)).toEqual(["upload_expired"]);
  });
});
