import { z } from "zod";
import { parseJson, withActor } from "@/lib/api/handler";
import { reopenTicket } from "@/lib/tickets/reopen-ticket";
import { serializeTicket } from "@/lib/tickets/serialize-ticket";

export const dynamic = "force-dynamic";

// POST /api/v1/tickets/:id/reopen – reopen; never brings purged data back
export const POST = withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  const { ticket } = await reopenTicket({ ticketId: params.id, actor });
  return Response.json({ ticket: serializeTicket(ticket) });
});
