import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { serializeSite } from "./serialize-site";

export async function getSite(id: string) {
  const row = await db.site.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such site.");
  return serializeSite(row);
}
