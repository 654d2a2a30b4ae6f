import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { serializeLink } from "../links/serialize-link";
import { canWatchRecording, type TViewer } from "../recordings/can-watch-recording";
import { serializeTicket } from "./serialize-ticket";

/** A recording the viewer may not watch appears only as `{ canWatch: false }`: that it exists, and nothing more. */
export async function getTicketDetail({ ticketId, viewer, now = new Date() }: { ticketId: string; viewer: TViewer; now?: Date }) {
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
  const requestedBy = new Map(ticket.links.map((l) => [l.id, l.createdById]));
  const recordings = [];
  for (const r of ticket.recordings) {
    const owners = { ticket: { assigneeId: ticket.assigneeId, preview: ticket.preview }, link: { createdById: requestedBy.get(r.linkId) ?? null } };
    if (!(await canWatchRecording({ viewer, recording: owners }))) {
      recordings.push({ canWatch: false as const });
      continue;
    }
    const start = r.firstEventAt ?? r.startedAt;
    const end = r.lastEventAt ?? r.finishedAt ?? (r.status === "live" ? now : start);
    recordings.push({
      canWatch: true as const,
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
    });
  }
  return { ticket: serializeTicket(ticket), links: ticket.links.map((l) => serializeLink(l, now)), recordings };
}

export type TTicketDetail = Awaited<ReturnType<typeof getTicketDetail>>;
export type TTicketRecording = TTicketDetail["recordings"][number];
