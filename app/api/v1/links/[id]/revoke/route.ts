import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { revokeLink } from "@/lib/links/revoke-link";

// POST /api/v1/links/:id/revoke – revoke a link that has not reached a final state
export const POST = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ link: await revokeLink({ linkId: params.id, actor }) });
}));
