import { runSweeper } from "@/lib/retention/run-sweeper";

const USAGE = "Usage: npx glimpse purge\n  Runs the retention sweep once (for cron): purges recordings past the retention cap and\n  tickets whose grace period has ended, expires links, deletes dead grants and upload tokens.";

/** `glimpse purge`: one retention sweep, the same one the server runs every 5 minutes. */
export async function purgeCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 0) {
    console.error(`✗ Unknown argument: ${args[0]}\n${USAGE}`);
    return 2;
  }
  const s = await runSweeper(new Date());
  console.log(
    [
      `✓ Retention sweep done`,
      `  recordings purged:     ${s.recordingsPurged}`,
      `  tickets purged:        ${s.ticketsPurged} (grace period ended)`,
      `  links expired:         ${s.linksExpired}`,
      `  grants deleted:        ${s.grantsDeleted}`,
      `  recordings ended:      ${s.recordingsEnded} (upload token expired)`,
      `  upload tokens cleared: ${s.uploadTokensCleared}`,
      `  webhook log pruned:    ${s.deliveriesPruned} (older than 30 days)`,
    ].join("\n"),
  );
  return 0;
}
