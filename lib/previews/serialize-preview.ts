import "server-only";
import type { LinkStatus, PurgeReason, RecordingStatus } from "../db/models";
import { effectiveLinkStatus } from "../links/link-states";
import { PREVIEW_RETENTION_MS } from "../retention/purge-expired-previews";
import { ticketRef } from "../tickets/ticket-ref";

export const PREVIEW_INCLUDE = {
  links: { take: 1, orderBy: { createdAt: "asc" }, include: { createdBy: { select: { name: true, email: true } } } },
  recordings: { take: 1, orderBy: { startedAt: "desc" } },
} as const;

type TPreviewRow = {
  id: string;
  source: string;
  externalId: string;
  createdAt: Date;
  links: { id: string; siteId: string; status: LinkStatus; expiresAt: Date; createdBy: { name: string; email: string } | null }[];
  recordings: { id: string; status: RecordingStatus; startedAt: Date; finishedAt: Date | null; purgedAt: Date | null; purgeReason: PurgeReason | null }[];
};

/** `waiting` for the admin to open the link, `recording`, `ready` to look at, `purged`, or `ended` without a recording. */
export type TPreviewState = "waiting" | "recording" | "ready" | "purged" | "ended";

const WAITING: LinkStatus[] = ["pending", "opened", "consented"];

export function serializePreview(t: TPreviewRow, now = new Date()) {
  const link = t.links[0];
  const r = t.recordings[0];
  const linkStatus = link ? effectiveLinkStatus(link, now) : "expired";
  const state: TPreviewState = r
    ? r.status === "live" ? "recording" : r.status === "finished" ? "ready" : "purged"
    : WAITING.includes(linkStatus) ? "waiting" : "ended";
  return {
    id: t.id,
    ref: ticketRef(t),
    siteId: link?.siteId ?? null,
    createdAt: t.createdAt.toISOString(),
    by: link?.createdBy?.name ?? null,
    state,
    linkStatus,
    linkExpiresAt: link?.expiresAt.toISOString() ?? null,
    recording: r
      ? {
          id: r.id,
          status: r.status,
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
          purgedAt: r.purgedAt?.toISOString() ?? null,
          purgeReason: r.purgeReason,
          purgeDueAt: new Date(r.startedAt.getTime() + PREVIEW_RETENTION_MS).toISOString(),
        }
      : null,
  };
}

export type TPreview = ReturnType<typeof serializePreview>;
