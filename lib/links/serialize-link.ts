import "server-only";
import type { LinkStatus } from "../db/models";
import { effectiveLinkStatus } from "./link-states";

type TLinkRow = {
  id: string;
  ticketId: string;
  siteId: string;
  status: LinkStatus;
  startUrl: string;
  expiresAt: Date;
  maxDurationMs: number;
  createdById: string | null;
  openedAt: Date | null;
  decidedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  site?: { name: string } | null;
  createdBy?: { name: string; email: string } | null;
};

/** The public view of a link: never its token or token hash. */
export function serializeLink(link: TLinkRow, now = new Date()) {
  return {
    id: link.id,
    ticketId: link.ticketId,
    siteId: link.siteId,
    siteName: link.site?.name ?? null,
    status: effectiveLinkStatus(link, now),
    startUrl: link.startUrl,
    expiresAt: link.expiresAt.toISOString(),
    maxDurationMinutes: Math.round(link.maxDurationMs / 60_000),
    createdBy: link.createdBy ? { name: link.createdBy.name, email: link.createdBy.email } : null,
    createdAt: link.createdAt.toISOString(),
    openedAt: link.openedAt?.toISOString() ?? null,
    decidedAt: link.decidedAt?.toISOString() ?? null,
    endedAt: link.endedAt?.toISOString() ?? null,
  };
}

export type TLinkView = ReturnType<typeof serializeLink>;
