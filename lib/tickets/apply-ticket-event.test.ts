import { describe, expect, it } from "vitest";
import { db } from "../db";
import { recordingState, seedTicketWithRecording } from "@/tests/fixtures/retention";
import { applyTicketEvent, type TTicketEvent } from "./apply-ticket-event";

const actor = { type: "webhook" as const, id: "generic", label: "generic webhook" };
const event = (kind: TTicketEvent["kind"], externalId: string, occurredAt: Date | null): TTicketEvent => ({ kind, source: "generic", externalId, occurredAt });

describe("applyTicketEvent, in its own transaction", () => {
  it("creates, resolves (purging through resolveTicket) and refuses an older reopen as stale", async () => {
    const id = `A-${Math.random().toString(36).slice(2, 8)}`;
    const t0 = new Date(Date.now() - 60_000);
    expect(await applyTicketEvent({ event: event("created", id, t0), actor, reason: "test", now: new Date() })).toEqual({ result: "applied", message: "Ticket created." });
    const { ticket, recording } = await seedTicketWithRecording({ source: "generic", externalId: id });
    expect(ticket.lastEventAt).toEqual(t0);

    const resolved = await applyTicketEvent({ event: event("resolved", id, new Date(t0.getTime() + 2000)), actor, reason: "test", now: new Date() });
    expect(resolved).toEqual({ result: "applied", message: "Resolved; 1 recording(s) purged." });
    expect(await recordingState(recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });

    const late = await applyTicketEvent({ event: event("reopened", id, new Date(t0.getTime() + 1000)), actor, reason: "test", now: new Date() });
    expect(late.result).toBe("stale");
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("resolved");
    expect(await db.auditEntry.count({ where: { ticketId: ticket.id, action: { in: ["ticket.created", "ticket.resolved"] } } })).toBe(2);
  });

  it("ignores a resolve, reopen or delete for a ticket Glimpse does not know", async () => {
    for (const [kind, verb] of [["resolved", "resolve"], ["reopened", "reopen"], ["deleted", "delete"]] as const) {
      const outcome = await applyTicketEvent({ event: event(kind, "NOPE-1", null), actor, reason: "test", now: new Date() });
      expect(outcome).toEqual({ result: "ignored", message: `No ticket generic:NOPE-1 in Glimpse; nothing to ${verb}.` });
    }
    expect(await db.ticket.count({ where: { source: "generic", externalId: "NOPE-1" } })).toBe(0);
  });
});
