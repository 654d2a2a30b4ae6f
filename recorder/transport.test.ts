import { existsSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// transport.ts as recorder.js bundles it, in a real browser; the page counts the workers it creates and their answers.
const ENTRY = `
import { gzip } from "./transport";
const Native = window.Worker;
window.workers = 0;
window.answers = 0;
window.Worker = function (url, options) {
  window.workers++;
  // A worker that takes jobs and never answers.
  if (window.silentWorker) return { postMessage() {}, terminate() {} };
  const worker = new Native(url, options);
  worker.addEventListener("message", () => window.answers++);
  return worker;
};
window.compress = async (texts) => Promise.all(texts.map(async (t) => Array.from(await gzip(t))));
`;

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: path.resolve(import.meta.dirname), loader: "ts" },
    bundle: true,
    minify: true,
    write: false,
    format: "iife",
    target: ["es2020"],
    logLevel: "silent",
  });
  bundle = out.outputFiles[0]!.text;
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
});

afterAll(async () => {
  await browser?.close();
});

/** A shop page served with `csp` (none when empty), compressing `texts` through the recorder's gzip. */
async function compressOn(csp: string, texts: string[], opts: { silentWorker?: boolean } = {}) {
  const page = await browser.newPage();
  try {
    if (opts.silentWorker) await page.addInitScript(() => ((window as any).silentWorker = true));
    await page.route("https://shop.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        headers: csp ? { "content-security-policy": csp } : {},
        body: `<!doctype html><html><body><script>${bundle}</script></body></html>`,
      }),
    );
    await page.goto("https://shop.test/");
    const compressed = (await page.evaluate((t) => (window as any).compress(t), texts)) as number[][];
    return { texts: compressed.map((bytes) => gunzipSync(Buffer.from(bytes)).toString("utf8")), ...((await page.evaluate(() => ({ workers: (window as any).workers, answers: (window as any).answers }))) as { workers: number; answers: number }) };
  } finally {
    await page.close();
  }
}

const batches = [JSON.stringify([{ type: 3, data: { texts: [{ id: 1, value: "**** é — 😀" }] } }]), "[" + '{"type":3},'.repeat(20_000) + "1]"];

describe("gzip", () => {
  it("compresses in one worker, off the page's main thread, when the page allows one", async () => {
    const { texts, workers, answers } = await compressOn("", batches);
    expect(texts).toEqual(batches);
    expect({ workers, answers }).toEqual({ workers: 1, answers: 2 });
  });

  it("compresses on the page where its policy forbids blob: workers", async () => {
    const { texts, workers, answers } = await compressOn("default-src 'self' 'unsafe-inline'; worker-src 'none'", batches);
    expect(texts).toEqual(batches);
    expect({ workers, answers }).toEqual({ workers: 1, answers: 0 }); // tried once, refused, and not tried again
  });

  it("compresses on the page when the worker never answers, rather than holding the uploads", { timeout: 30_000 }, async () => {
    const { texts, workers } = await compressOn("", batches, { silentWorker: true });
    expect(texts).toEqual(batches);
    expect(workers).toBe(1);
  });
});
