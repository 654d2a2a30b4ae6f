import { parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { buildComplianceReport, ZComplianceQuery } from "@/lib/compliance/build-compliance-report";

// GET /api/v1/compliance?from=&to= – the compliance report as JSON (configuration and counts, no content)
export const GET = withErrors(withActor("agent", async ({ req }) => {
  const report = await buildComplianceReport(parseQuery(req, ZComplianceQuery));
  return Response.json(report, {
    headers: { "content-disposition": `inline; filename="glimpse-compliance-${report.period.to.slice(0, 10)}.json"`, "cache-control": "no-store" },
  });
}));
