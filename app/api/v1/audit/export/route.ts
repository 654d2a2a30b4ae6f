import { parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { exportAudit, ZExportAuditQuery } from "@/lib/audit/export-audit";

// GET /api/v1/audit/export?format=csv|json&ticketId=&from=&to= – download the audit log (admin; audited)
export const GET = withErrors(withActor("admin", async ({ req, actor }) => {
  const file = await exportAudit(parseQuery(req, ZExportAuditQuery), actor);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
}));
