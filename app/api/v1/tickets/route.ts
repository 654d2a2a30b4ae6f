import { parseJson, parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createTicket, ZCreateTicketSchema } from "@/lib/tickets/create-ticket";
import { listTickets, ZListTicketsQuery } from "@/lib/tickets/list-tickets";
import { serializeTicket } from "@/lib/tickets/serialize-ticket";

// POST /api/v1/tickets – create a ticket; idempotent on (source, externalId)
export const POST = withErrors(withActor("agent", async ({ req, actor }) => {
  const input = await parseJson(req, ZCreateTicketSchema);
  const { ticket, created } = await createTicket({ input, actor });
  return Response.json({ ticket: serializeTicket(ticket), created }, { status: created ? 201 : 200 });
}));

// GET /api/v1/tickets?status=&q=&limit= – newest first
export const GET = withErrors(withActor("agent", async ({ req }) => {
  const query = parseQuery(req, ZListTicketsQuery);
  return Response.json({ tickets: await listTickets(query) });
}));
