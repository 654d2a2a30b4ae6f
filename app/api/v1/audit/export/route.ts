import { parseQuery, withActor } from "@/lib/api/handler";
import { exportAudit, ZExportAuditQuery } from "@/lib/audit/export-audit";

export const dynamic = "force-dynamic";

// GET /api/v1/audit/export?format=csv|json&ticketId=&from=&to= – download the audit log (admin; audited)
export const GET = withActor("admin", async ({ req, actor }) => {
  const file = await exportAudit(parseQuery(req, ZExportAuditQuery), actor);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
