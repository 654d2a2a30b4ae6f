import "server-only";
import { db } from "../db";
import { serializeSite } from "./serialize-site";

export async function listSites() {
  const sites = await db.site.findMany({ orderBy: [{ isDemo: "desc" }, { createdAt: "asc" }] });
  return sites.map(serializeSite);
}
