import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { getTicketDetail } from "@/lib/tickets/get-ticket-detail";

// GET /api/v1/tickets/:id – the ticket, its links and its recordings
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ params, actor }) => {
  return Response.json(await getTicketDetail({ ticketId: params.id, viewer: actor }));
}));
