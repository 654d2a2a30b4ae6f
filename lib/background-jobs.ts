import "server-only";
import { withJobLease } from "./jobs/job-lease";
import { dispatchDeliveries } from "./outbound/dispatch-deliveries";
import { purgeExpiredPreviews } from "./retention/purge-expired-previews";
import { runSweeper } from "./retention/run-sweeper";

/**
 * In-process jobs, started once per server process (instrumentation.ts). Previews are checked every
 * minute, so none outlives its hour by more than that. With several instances, a leased job runs on
 * one of them at a time; the dispatcher runs on all, each delivery claimed by one.
 */
const JOBS = [
  { name: "retention sweeper", everyMs: 5 * 60_000, leaseMs: 10 * 60_000, run: () => runSweeper() },
  { name: "preview purge", everyMs: 60_000, leaseMs: 5 * 60_000, run: () => purgeExpiredPreviews() },
  { name: "outbound event dispatcher", everyMs: 5_000, leaseMs: 0, run: () => dispatchDeliveries() },
];

let started = false;

export function startBackgroundJobs() {
  if (started || process.env.GLIMPSE_DISABLE_JOBS === "1") return;
  started = true;
  for (const job of JOBS) {
    // A run that outlasts the interval is not joined by a second one.
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      (job.leaseMs > 0 ? withJobLease(job.name, job.leaseMs, job.run) : job.run())
        .catch((error) => console.error(`[glimpse] background job ${job.name} failed`, error))
        .finally(() => (running = false));
    };
    setTimeout(tick, 5_000).unref();
    setInterval(tick, job.everyMs).unref();
  }
}
