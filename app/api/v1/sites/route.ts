import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createSite } from "@/lib/sites/create-site";
import { listSites } from "@/lib/sites/list-sites";
import { ZCreateSiteSchema } from "@/lib/sites/site-input";

// GET /api/v1/sites – sites with their snippet (agents pick one when requesting a recording)
export const GET = withErrors(withActor("agent", async () => Response.json({ sites: await listSites() })));

// POST /api/v1/sites – add a site (admin)
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZCreateSiteSchema);
  return Response.json({ site: await createSite(input, actor) }, { status: 201 });
}));
