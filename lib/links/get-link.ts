import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { serializeLink } from "./serialize-link";

export async function getLink(linkId: string) {
  const link = await db.link.findUnique({
    where: { id: linkId },
    include: { site: { select: { name: true } }, createdBy: { select: { name: true, email: true } } },
  });
  if (!link) throw new AppError("not_found", "No such link.");
  return serializeLink(link);
}
