import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { getLink } from "@/lib/links/get-link";

// GET /api/v1/links/:id – a link's state (never its token)
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ params }) => {
  return Response.json({ link: await getLink(params.id) });
}));
