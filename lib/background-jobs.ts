import "server-only";
import { purgeExpiredPreviews } from "./retention/purge-expired-previews";
import { runSweeper } from "./retention/run-sweeper";

/** In-process jobs, started once per server process (instrumentation.ts). Previews are checked every minute, so none outlives its hour by more than that. */
const JOBS = [
  { name: "retention sweeper", everyMs: 5 * 60_000, run: () => runSweeper() },
  { name: "preview purge", everyMs: 60_000, run: () => purgeExpiredPreviews() },
];

let started = false;

export function startBackgroundJobs() {
  if (started || process.env.GLIMPSE_DISABLE_JOBS === "1") return;
  started = true;
  for (const job of JOBS) {
    const tick = () =>
      job.run().catch((error) => console.error(`[glimpse] background job ${job.name} failed`, error));
    setTimeout(tick, 5_000).unref();
    setInterval(tick, job.everyMs).unref();
  }
}
