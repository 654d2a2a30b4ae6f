import { runSweeper } from "./retention/run-sweeper";

/**
 * In-process jobs started once per server. The retention sweeper registers here (issue 5).
 */
const jobs: Array<{ name: string; everyMs: number; run: () => Promise<unknown> }> = [];

export function registerJob(name: string, everyMs: number, run: () => Promise<unknown>) {
  jobs.push({ name, everyMs, run });
}

let started = false;

export function startBackgroundJobs() {
  if (started || process.env.GLIMPSE_DISABLE_JOBS === "1") return;
  started = true;
  for (const job of jobs) {
    const tick = () =>
      job.run().catch((error) => console.error(`[glimpse] background job ${job.name} failed`, error));
    setTimeout(tick, 5_000).unref();
    setInterval(tick, job.everyMs).unref();
  }
}

registerJob("retention sweeper", 5 * 60_000, () => runSweeper());
