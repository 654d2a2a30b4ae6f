import { z } from "zod";
import { parseJson, withActor } from "@/lib/api/handler";
import { revokeLink } from "@/lib/links/revoke-link";

export const dynamic = "force-dynamic";

// POST /api/v1/links/:id/revoke – revoke a link that has not reached a final state
export const POST = withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ link: await revokeLink({ linkId: params.id, actor }) });
});
