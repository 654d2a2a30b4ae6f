import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST as uploadBatch } from "@/app/api/recorder/sessions/[id]/events/route";
import { acceptTestLink } from "../consent/accept-test-link";
import { db } from "../db";
import { finishRecording } from "../recorder-sessions/finish-recording";
import { startSession } from "../recorder-sessions/start-session";
import { seedUploadableRecording, uploadRequest } from "@/tests/fixtures/retention";

const root = path.resolve(import.meta.dirname, "../..");

/** `glimpse purge` as cron runs it: another process, on the same database file. */
function runPurge(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "cli/index.ts"), "purge"], {
      cwd: root,
      env: { ...process.env, GLIMPSE_DISABLE_JOBS: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // While the loops below kept this process's queries (answered synchronously by SQLite) going, it noticed the child's
    // exit 2 to 38 s late, though the purge itself was done in one to two seconds (traced), and the test ran past its
    // timeout. A timer of this process's own, while it waits, has it notice at once.
    const tick = setInterval(() => {}, 100);
    child.on("exit", (code) => {
      clearInterval(tick);
      resolve(code ?? 1);
    });
  });
}

/** Runs `glimpse purge` six times, each with expired grants to delete, so each sweep commits. */
async function sweepRepeatedly(state: { sweeping: boolean }) {
  const codes: number[] = [];
  try {
    const link = await db.link.findFirstOrThrow();
    for (let i = 0; i < 6; i++) {
      await db.grant.createMany({ data: Array.from({ length: 20 }, () => ({ linkId: link.id, tokenHash: `g-${Math.random()}`, expiresAt: new Date(0) })) });
      codes.push(await runPurge());
    }
  } finally {
    state.sweeping = false;
  }
  return codes;
}

describe("uploads while another process sweeps", () => {
  it("no upload fails while `glimpse purge` runs again and again", { timeout: 120_000 }, async () => {
    const recorders = await Promise.all([1, 2, 3, 4].map(() => seedUploadableRecording()));
    const state = { sweeping: true };
    const sweeps = sweepRepeatedly(state);

    const statuses: number[] = [];
    await Promise.all(
      recorders.map(async (rec) => {
        for (let seq = 1; state.sweeping; ) {
          const events = [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: seq, filler: "x".repeat(20_000 + seq) } }];
          const res = await uploadBatch(uploadRequest(rec, seq, events), { params: Promise.resolve({ id: rec.recording.id }) });
          statuses.push(res.status);
          if (res.status === 200) seq += 1;
          else console.error(`seq ${seq}: ${res.status} ${await res.text()}`);
        }
      }),
    );
    expect(await sweeps).toEqual([0, 0, 0, 0, 0, 0]);
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it("consent, session start and finish do not fail either", { timeout: 120_000 }, async () => {
    await acceptTestLink();
    const state = { sweeping: true };
    const sweeps = sweepRepeatedly(state);
    const failures: string[] = [];
    let rounds = 0;
    await Promise.all(
      [1, 2].map(async () => {
        while (state.sweeping) {
          try {
            const { grant, origin } = await acceptTestLink();
            const session = await startSession({ grant, origin });
            await finishRecording({ recordingId: session.recordingId, reason: "customer" });
            rounds += 1;
          } catch (error) {
            failures.push(String(error));
          }
          // SQLite answers without I/O: let the event loop see the sweeps end (as requests would).
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    expect(await sweeps).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rounds).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });
});
