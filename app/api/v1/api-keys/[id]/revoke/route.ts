import { z } from "zod";
import { parseJson, withActor } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/api-keys/:id/revoke – revoke a key; it stops working at once (admin)
export const POST = withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ apiKey: await revokeApiKey(params.id, actor) });
});
