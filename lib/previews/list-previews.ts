import "server-only";
import { db } from "../db";
import { PREVIEW_INCLUDE, serializePreview } from "./serialize-preview";

export async function listPreviews({ siteId, take = 10, now = new Date() }: { siteId: string; take?: number; now?: Date }) {
  const rows = await db.ticket.findMany({
    where: { preview: true, links: { some: { siteId } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: PREVIEW_INCLUDE,
  });
  return rows.map((t) => serializePreview(t, now));
}
