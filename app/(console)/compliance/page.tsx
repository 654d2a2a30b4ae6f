import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { buildComplianceReport, ZComplianceQuery } from "@/lib/compliance/build-compliance-report";
import { ComplianceView } from "./compliance-view";

export const metadata: Metadata = { title: "Compliance report" };

export default async function CompliancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/compliance");
  const sp = await searchParams;
  const raw = {
    from: typeof sp.from === "string" && sp.from ? sp.from : undefined,
    to: typeof sp.to === "string" && sp.to ? sp.to : undefined,
  };
  const parsed = ZComplianceQuery.safeParse(raw);
  const report = await buildComplianceReport(parsed.success ? parsed.data : {});
  return <ComplianceView report={report} periodError={parsed.success ? null : "That period is not valid; showing the last 30 days."} />;
}
