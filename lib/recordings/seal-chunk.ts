import "server-only";
import { createHmac } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { encrypt } from "../crypto";

/** A batch as stored: compressed, then sealed with the recording's key; `digest` tells a retry from other content. */
export type TSealedChunk = { ciphertext: Buffer<ArrayBuffer>; digest: string };

// Brotli's window dedupes repeated stylesheets. Compressed before encryption: ciphertext does not compress.
const BROTLI_QUALITY = 5;

/** On the calling thread: what a worker does, and what is done when no worker answers. */
export function sealChunkHere(key: Uint8Array, plaintext: Uint8Array, aad: string): TSealedChunk {
  const compressed = brotliCompressSync(plaintext, { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: plaintext.length } });
  return { ciphertext: encrypt(key, compressed, aad), digest: chunkDigest(key, plaintext) };
}

export const chunkDigest = (key: Uint8Array, plaintext: Uint8Array) => createHmac("sha256", key).update(plaintext).digest("hex");

// Compressing and sealing a batch is most of an upload's CPU time that needs no database and no state: it runs on worker
// threads, so the event loop goes on with the next upload meanwhile. The worker's code is this module's sealChunkHere,
// built from its own copy of crypto's format (iv ‖ ciphertext ‖ tag); seal-chunk.test.ts checks the two agree.
// A worker that fails, or does not answer within ANSWER_MS, holds no upload longer than that: the batch is sealed here instead.
function workerMain(req: NodeJS.Require, quality: number) {
  const { parentPort } = req("node:worker_threads") as typeof import("node:worker_threads");
  const z = req("node:zlib") as typeof import("node:zlib");
  const c = req("node:crypto") as typeof import("node:crypto");
  parentPort!.on("message", ({ id, key, plaintext, aad }: { id: number; key: Uint8Array; plaintext: Uint8Array; aad: string }) => {
    const compressed = z.brotliCompressSync(plaintext, { params: { [z.constants.BROTLI_PARAM_QUALITY]: quality, [z.constants.BROTLI_PARAM_SIZE_HINT]: plaintext.length } });
    const iv = c.randomBytes(12);
    const cipher = c.createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(aad));
    const parts = [iv, cipher.update(compressed), cipher.final(), cipher.getAuthTag()];
    // An ArrayBuffer of its own, handed over: a small Buffer is a view of a shared pool, and would be copied whole.
    const ciphertext = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    parts.reduce((at, part) => (ciphertext.set(part, at), at + part.length), 0);
    parentPort!.postMessage({ id, ciphertext, digest: c.createHmac("sha256", key).update(plaintext).digest("hex") }, [ciphertext.buffer]);
  });
}

const WORKER_SOURCE = `(${workerMain.toString()})(require, ${BROTLI_QUALITY});`;
const ANSWER_MS = 5_000;
// After this many workers failed, this process seals on its own thread.
const MAX_FAILURES = 3;

type TJob = { resolve: (sealed: TSealedChunk) => void; timer: NodeJS.Timeout; run: () => TSealedChunk };
type TSealWorker = { worker: Worker; jobs: Map<number, TJob> };

/** A pool of sealing workers; `seal` always resolves, from a worker or from this thread. */
export function sealPool({ size, source = WORKER_SOURCE, answerMs = ANSWER_MS }: { size: number; source?: string; answerMs?: number }) {
  const workers: (TSealWorker | null)[] = Array.from({ length: size }, () => null);
  let nextId = 0;
  let failures = 0;
  let turn = 0;
  /** How many batches each side sealed: for tests. */
  const counts = { byWorker: 0, here: 0, started: 0 };

  // Each job left on a worker that failed is sealed here: the work is pure, so doing it again changes nothing.
  const fail = (slot: number, w: TSealWorker, why: unknown) => {
    if (workers[slot] !== w) return;
    workers[slot] = null;
    failures++;
    console.error(
      failures < MAX_FAILURES
        ? "[glimpse] a sealing worker failed; its batches are sealed on the main thread, and a new worker takes the next:"
        : "[glimpse] sealing workers keep failing; batches are sealed on the main thread from now on:",
      why,
    );
    for (const [id, job] of w.jobs) finish(w, id, job.run());
    void w.worker.terminate().catch(() => {});
  };

  const finish = (w: TSealWorker, id: number, sealed: TSealedChunk) => {
    const job = w.jobs.get(id);
    if (!job) return;
    w.jobs.delete(id);
    clearTimeout(job.timer);
    job.resolve(sealed);
    if (w.jobs.size === 0) w.worker.unref();
  };

  const spawn = (slot: number): TSealWorker => {
    // Without the process's own flags: under `--input-type=module` (a script run with `node -e`) the source would be read as
    // a module, without `require`, and a loader such as tsx has nothing to do here.
    const w: TSealWorker = { worker: new Worker(source, { eval: true, execArgv: [] }), jobs: new Map() };
    w.worker.unref();
    w.worker.on("message", ({ id, ciphertext, digest }: { id: number; ciphertext: Uint8Array; digest: string }) => {
      if (w.jobs.has(id)) counts.byWorker++;
      finish(w, id, { ciphertext: Buffer.from(ciphertext.buffer as ArrayBuffer, ciphertext.byteOffset, ciphertext.byteLength), digest });
    });
    w.worker.on("error", (error) => fail(slot, w, error));
    w.worker.on("exit", (code) => fail(slot, w, new Error(`a sealing worker exited with ${code}`)));
    workers[slot] = w;
    counts.started++;
    return w;
  };

  return {
    counts,
    seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Promise<TSealedChunk> {
      const run = () => {
        counts.here++;
        return sealChunkHere(key, plaintext, aad);
      };
      if (size === 0 || failures >= MAX_FAILURES) return Promise.resolve(run());
      const slot = turn++ % size;
      const w = workers[slot] ?? spawn(slot);
      const id = nextId++;
      return new Promise((resolve) => {
        // A worker that does not answer is replaced: what it holds is sealed here.
        const timer = setTimeout(() => fail(slot, w, new Error(`a sealing worker did not answer within ${answerMs} ms`)), answerMs);
        w.jobs.set(id, { resolve, timer, run });
        if (w.jobs.size === 1) w.worker.ref();
        // Copies of their own (a small Buffer is a view of a shared pool, which would be copied whole); the plaintext's is handed over.
        const copy = new Uint8Array(plaintext);
        w.worker.postMessage({ id, key: new Uint8Array(key), plaintext: copy, aad }, [copy.buffer]);
      });
    },
    /** Stops the workers; what they still hold is sealed here. Not a failure: nothing is logged. */
    async close() {
      const open = workers.splice(0, size, ...Array.from({ length: size }, () => null));
      for (const w of open) if (w) for (const [id, job] of w.jobs) finish(w, id, job.run());
      await Promise.all(open.map((w) => w?.worker.terminate()));
    },
  };
}

// One core stays with the event loop; two workers at most, as a batch takes well under a millisecond to seal.
const pool = sealPool({ size: Math.min(2, Math.max(1, availableParallelism() - 1)) });

/** Compresses and seals a batch's plaintext under `aad`, off the event loop where a worker can. */
export const sealChunk = (key: Uint8Array, plaintext: Uint8Array, aad: string) => pool.seal(key, plaintext, aad);
