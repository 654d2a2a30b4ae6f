import { db } from "../db";
import { AppError } from "../errors";
import { serializeLink } from "../links/serialize-link";
import { serializeTicket } from "./serialize-ticket";

/** A ticket with its links and recordings, as the console and the API show them. */
export async function getTicketDetail(ticketId: string, now = new Date()) {
  const ticket = await db.ticket.findUnique({
    where: { id: ticketId },
    include: {
      links: {
        orderBy: { createdAt: "desc" },
        include: { site: { select: { name: true } }, createdBy: { select: { name: true, email: true } } },
      },
      recordings: { orderBy: { startedAt: "desc" } },
    },
  });
  if (!ticket) throw new AppError("not_found", "No such ticket.");
  return {
    ticket: serializeTicket(ticket),
    links: ticket.links.map((l) => serializeLink(l, now)),
    recordings: ticket.recordings.map((r) => {
      const start = r.firstEventAt ?? r.startedAt;
      const end = r.lastEventAt ?? r.finishedAt ?? (r.status === "live" ? now : start);
      return {
        id: r.id,
        linkId: r.linkId,
        status: r.status,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        lastActivityAt: (r.lastEventAt ?? r.startedAt).toISOString(),
        durationMs: Math.max(0, end.getTime() - start.getTime()),
        storedBytes: r.storedBytes,
        eventCount: r.eventCount,
        purgedAt: r.purgedAt?.toISOString() ?? null,
        purgeReason: r.purgeReason,
      };
    }),
  };
}

export type TTicketDetail = Awaited<ReturnType<typeof getTicketDetail>>;
