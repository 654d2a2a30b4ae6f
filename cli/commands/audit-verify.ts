import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";

/** `glimpse audit verify`: exit 0 when the hash chain is intact, 1 naming the first broken entry. */
export async function auditVerifyCommand(args: string[]): Promise<number> {
  if (args.length > 0 && !args.includes("--help")) {
    console.error(`✗ Unknown argument: ${args[0]}\nUsage: npx glimpse audit verify`);
    return 2;
  }
  if (args.includes("--help")) {
    console.log("Usage: npx glimpse audit verify\n  Recomputes the audit log's hash chain and names the first entry that does not match.");
    return 0;
  }
  const result = await verifyAuditChain();
  if (result.ok) {
    console.log(`✓ Audit log intact: ${result.entries} entries, head hash ${result.headHash}`);
    return 0;
  }
  console.error(`✗ Audit log broken at entry #${result.brokenId}: ${result.reason}. ${result.entries} entries before it verified.`);
  return 1;
}
