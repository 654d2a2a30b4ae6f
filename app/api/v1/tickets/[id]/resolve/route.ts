import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { resolveTicket } from "@/lib/tickets/resolve-ticket";

const ZResolveSchema = z.strictObject({ reason: z.string().trim().max(200).optional() });

// POST /api/v1/tickets/:id/resolve – resolve: purge its recordings and revoke its open links
export const POST = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  const { reason } = await parseJson(req, ZResolveSchema);
  const result = await resolveTicket({ ticketId: params.id, actor, reason });
  return Response.json(result);
}));
