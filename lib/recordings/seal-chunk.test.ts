import { execFileSync } from "node:child_process";
import { brotliDecompressSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { decrypt, newDataKey } from "../crypto";
import { chunkDigest, sealChunkHere, sealPool } from "./seal-chunk";

const pools: ReturnType<typeof sealPool>[] = [];
const poolOf = (opts: Parameters<typeof sealPool>[0]) => {
  const pool = sealPool(opts);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const opened = (key: Buffer, sealed: { ciphertext: Buffer }, aad: string) => brotliDecompressSync(decrypt(key, sealed.ciphertext, aad)).toString();

describe("sealing a batch", () => {
  it("on a worker, gives what sealing on this thread gives: the same format, the same digest", async () => {
    const pool = poolOf({ size: 1 });
    const key = newDataKey();
    // Small values are views of Buffer's shared pool: what reaches the worker must be only their bytes.
    const plaintexts = [Buffer.from('[{"type":4}]'), Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i, text: "****" }))))];
    for (const plaintext of plaintexts) {
      const sealed = await pool.seal(key, plaintext, "rec_1:7");
      expect(opened(key, sealed, "rec_1:7")).toBe(plaintext.toString());
      expect(() => decrypt(key, sealed.ciphertext, "rec_1:8")).toThrow();
      expect(sealed.digest).toBe(chunkDigest(key, plaintext));
      expect(sealed.digest).toBe(sealChunkHere(key, plaintext, "rec_1:7").digest);
    }
    expect(pool.counts).toEqual({ byWorker: 2, here: 0, started: 1 });
  });

  it("seals many batches at once, each under its own context", async () => {
    const pool = poolOf({ size: 2 });
    const key = newDataKey();
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => pool.seal(key, Buffer.from(`batch ${i}`), `rec:${i}`)));
    all.forEach((sealed, i) => expect(opened(key, sealed, `rec:${i}`)).toBe(`batch ${i}`));
    expect(pool.counts.byWorker).toBe(50);
  });

  // The benches and the CLI store recordings from `node --input-type=module -e …` scripts: the workers must start there too.
  it("starts its workers in a process run as an ES module script", () => {
    const code = `
      import { sealPool } from "./lib/recordings/seal-chunk.ts";
      const pool = sealPool({ size: 1 });
      await pool.seal(new Uint8Array(32), Buffer.from("[]"), "a");
      console.log(JSON.stringify(pool.counts));
      await pool.close();`;
    const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ byWorker: 1, here: 0, started: 1 });
  });

  it("seals on this thread when a worker dies, and stops starting workers that keep dying", async () => {
    const pool = poolOf({ size: 1, source: "process.exit(3)" });
    const key = newDataKey();
    for (let i = 0; i < 5; i++) expect(opened(key, await pool.seal(key, Buffer.from(`b${i}`), "a"), "a")).toBe(`b${i}`);
    expect(pool.counts).toEqual({ byWorker: 0, here: 5, started: 3 });
  });

  it("does not wait longer than its limit for a worker that never answers", async () => {
    const pool = poolOf({ size: 1, source: "require('node:worker_threads').parentPort.on('message', () => {})", answerMs: 200 });
    const key = newDataKey();
    const started = Date.now();
    const [a, b] = await Promise.all([pool.seal(key, Buffer.from("one"), "a"), pool.seal(key, Buffer.from("two"), "b")]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([opened(key, a, "a"), opened(key, b, "b")]).toEqual(["one", "two"]);
    expect(pool.counts).toEqual({ byWorker: 0, here: 2, started: 1 });
  });
});
