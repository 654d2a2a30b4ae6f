import { db } from "../db";
import { parseOrigins } from "../sites/site-origins";

/**
 * A preflight carries no credentials and no body, so it cannot know the site: the recorder
 * endpoints' preflights accept the origins of every site, whatever the recording id (an answer
 * per id would tell which ids exist). The request itself is checked against its own site.
 */
export async function anySiteOrigins(): Promise<string[]> {
  const sites = await db.site.findMany({ select: { allowedOrigins: true } });
  return [...new Set(sites.flatMap((s) => parseOrigins(s.allowedOrigins)))];
}
