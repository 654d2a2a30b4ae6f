import { parseQuery, withActor } from "@/lib/api/handler";
import { listAuditEntries, ZListAuditQuery } from "@/lib/audit/list-audit-entries";

export const dynamic = "force-dynamic";

// GET /api/v1/audit?ticketId=&limit=&before= – audit entries, newest first (admin)
export const GET = withActor("admin", async ({ req }) => {
  return Response.json(await listAuditEntries(parseQuery(req, ZListAuditQuery)));
});
