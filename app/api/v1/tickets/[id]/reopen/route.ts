import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { reopenTicket } from "@/lib/tickets/reopen-ticket";
import { serializeTicket } from "@/lib/tickets/serialize-ticket";

// POST /api/v1/tickets/:id/reopen – reopen; never brings purged data back
export const POST = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  const { ticket } = await reopenTicket({ ticketId: params.id, actor });
  return Response.json({ ticket: serializeTicket(ticket) });
}));
