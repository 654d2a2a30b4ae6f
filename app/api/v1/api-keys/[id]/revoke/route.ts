import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

// POST /api/v1/api-keys/:id/revoke – revoke a key; it stops working at once (admin)
export const POST = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ apiKey: await revokeApiKey(params.id, actor) });
}));
