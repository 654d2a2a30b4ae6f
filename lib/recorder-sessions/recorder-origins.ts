import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { parseOrigins } from "../sites/site-origins";

export const originNotAllowed = () => new AppError("forbidden", "This origin is not allowed to send recordings to Glimpse.");

// For whatever a request cannot prove (a preflight, an unknown id, a wrong token): an answer per id would tell which ids exist.
export async function anySiteOrigins(): Promise<string[]> {
  const sites = await db.site.findMany({ select: { allowedOrigins: true } });
  return [...new Set(sites.flatMap((s) => parseOrigins(s.allowedOrigins)))];
}
