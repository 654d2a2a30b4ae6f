import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listPreviews } from "@/lib/previews/list-previews";
import { startPreview } from "@/lib/previews/start-preview";

const ZStartPreviewSchema = z.strictObject({});

// GET /api/v1/sites/:id/previews – the site's newest privacy previews (admin)
export const GET = withErrors(withActor<{ id: string }>("admin", async ({ params }) => {
  if (!(await db.site.findUnique({ where: { id: params.id }, select: { id: true } }))) throw new AppError("not_found", "No such site.");
  return Response.json({ previews: await listPreviews({ siteId: params.id }) });
}));

// POST /api/v1/sites/:id/previews – a preview link for the admin's own visit; the url is shown only here
export const POST = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  await parseJson(req, ZStartPreviewSchema);
  return Response.json({ preview: await startPreview({ siteId: params.id, actor }) }, { status: 201 });
}));
