import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TSession } from "./session";

// The recorder's transport takes window.fetch when it loads; here that is Node's real fetch.
vi.stubGlobal("window", { fetch: globalThis.fetch });
vi.stubGlobal("sessionStorage", { getItem: () => null, setItem: () => {}, removeItem: () => {} });
const { post, sendBatch } = await import("./transport");
const { Uploader } = await import("./uploader");

/** A real HTTP server whose first `hang` upload requests never answer: a hung connection. */
let hang = 0;
const received: number[] = [];
const open: ServerResponse[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on("end", () => {
    received.push(Number(req.headers["x-glimpse-seq"] ?? -1));
    if (hang > 0) {
      hang--;
      open.push(res);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const session = (): TSession => ({
  recordingId: "rec_1",
  uploadToken: "tok",
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  seq: 0,
  startedAt: Date.now(),
  maxDurationMs: 3_600_000,
  privacy: {} as TSession["privacy"],
  ticketRef: "42",
  apiBase: base,
});

describe("upload timeout", () => {
  it("gives up a request that does not answer in time, as a failure to retry", async () => {
    hang = 1;
    const started = Date.now();
    expect(await post(`${base}/x`, "tok", "{}", {}, { timeoutMs: 300 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
    hang = 1;
    const { outcome } = await sendBatch(session(), { seq: 0, body: "[]" }, { timeoutMs: 300 });
    expect(outcome).toBe("retry");
  });

  it("the uploader sends a hung batch again, and it is acknowledged", async () => {
    hang = 1;
    received.length = 0;
    const uploader = new Uploader(session(), [], () => {});
    uploader.requestTimeoutMs = 300;
    uploader.enqueue(JSON.stringify([{ type: 5, timestamp: 1, data: { tag: "t", payload: 1 } }]));
    await Promise.race([uploader.drained(), new Promise((_, reject) => setTimeout(() => reject(new Error("never acknowledged")), 8_000))]);
    expect(received).toEqual([0, 0]);
  });
});
