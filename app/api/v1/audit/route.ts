import { parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { listAuditEntries, ZListAuditQuery } from "@/lib/audit/list-audit-entries";

// GET /api/v1/audit?ticketId=&limit=&before= – audit entries, newest first (admin)
export const GET = withErrors(withActor("admin", async ({ req }) => {
  return Response.json(await listAuditEntries(parseQuery(req, ZListAuditQuery)));
}));
