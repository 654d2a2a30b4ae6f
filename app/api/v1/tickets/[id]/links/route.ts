import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createLink, ZCreateLinkSchema } from "@/lib/links/create-link";

// POST /api/v1/tickets/:id/links – create a one-time recording link; the url is shown only here
export const POST = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  const input = await parseJson(req, ZCreateLinkSchema);
  const { link, url } = await createLink({ ticketId: params.id, input, actor });
  return Response.json(
    { link: { id: link.id, status: link.status, url, expiresAt: link.expiresAt.toISOString() } },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
}));
