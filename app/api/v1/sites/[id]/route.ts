import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { serializeSite } from "@/lib/sites/serialize-site";
import { ZUpdateSiteSchema } from "@/lib/sites/site-input";
import { updateSite } from "@/lib/sites/update-site";

// GET /api/v1/sites/:id – one site
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ params }) => {
  const site = await db.site.findUnique({ where: { id: params.id } });
  if (!site) throw new AppError("not_found", "No such site.");
  return Response.json({ site: serializeSite(site) });
}));

// PATCH /api/v1/sites/:id – edit a site (admin)
export const PATCH = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  const input = await parseJson(req, ZUpdateSiteSchema);
  return Response.json({ site: await updateSite({ siteId: params.id, input, actor }) });
}));
