import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseJsonText, readBody } from "./read-body";

function streamOf(chunks: number, chunkBytes: number) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunkBytes).fill(97));
    },
  });
}

const post = (body: BodyInit | ReadableStream, headers: Record<string, string> = {}) =>
  new Request("http://glimpse.test/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe("readBody", () => {
  it("reads a body under the cap", async () => {
    expect((await readBody(post("hello"), { maxBytes: 10 })).toString()).toBe("hello");
  });

  it("refuses a declared length over the cap before reading", async () => {
    const req = post("x".repeat(20), { "content-length": "20" });
    expect(await codeOf(readBody(req, { maxBytes: 10 }))).toBe("payload_too_large");
  });

  it("stops a chunked body at the cap without reading the rest", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect(await codeOf(readBody(post(body), { maxBytes: 256 * 1024 }))).toBe("payload_too_large");
    // An endless body: the reader gave up a few chunks past the cap.
    expect(pulled).toBeLessThan(10);
  });

  it("inflates gzip only where allowed, with an output cap", async () => {
    const gz = gzipSync(Buffer.alloc(1_000_000));
    const headers = { "content-encoding": "gzip" };
    expect(await codeOf(readBody(post(gz, headers), { maxBytes: 1_000_000 }))).toBe("unsupported_media_type");
    expect(await codeOf(readBody(post(gz, headers), { maxBytes: 1_000_000, gzip: true, maxInflatedBytes: 100_000 }))).toBe("payload_too_large");
    expect((await readBody(post(gz, headers), { maxBytes: 1_000_000, gzip: true, maxInflatedBytes: 2_000_000 })).length).toBe(1_000_000);
    expect(await codeOf(readBody(post("not gzip", headers), { maxBytes: 100, gzip: true }))).toBe("bad_request");
  });

  // Small bodies inflate inline and large ones on the pool: both keep the cap and refuse a broken stream alike.
  it("inflates a large gzip body as a small one, with the same cap and errors", async () => {
    const plain = Buffer.concat([randomBytes(150_000), Buffer.alloc(150_000)]);
    const gz = gzipSync(plain);
    expect(gz.length).toBeGreaterThan(64 * 1024);
    const headers = { "content-encoding": "gzip" };
    expect((await readBody(post(gz, headers), { maxBytes: 1_000_000, gzip: true, maxInflatedBytes: 1_000_000 })).equals(plain)).toBe(true);
    expect(await codeOf(readBody(post(gz, headers), { maxBytes: 1_000_000, gzip: true, maxInflatedBytes: 200_000 }))).toBe("payload_too_large");
    expect(await codeOf(readBody(post(gz.subarray(0, gz.length - 100), headers), { maxBytes: 1_000_000, gzip: true }))).toBe("bad_request");
    const small = gzipSync(Buffer.from("x".repeat(1000)));
    expect(await codeOf(readBody(post(small.subarray(0, small.length - 4), headers), { maxBytes: 1_000_000, gzip: true }))).toBe("bad_request");
  });

  it("counts bytes, not characters", async () => {
    expect(await codeOf(readBody(post(streamOf(3, 4)), { maxBytes: 12 }))).toBe("ok");
    expect(await codeOf(readBody(post(streamOf(4, 4)), { maxBytes: 12 }))).toBe("payload_too_large");
  });
});

describe("parseJsonText", () => {
  it("parses JSON and refuses bad JSON with 400", () => {
    expect(parseJsonText('{"a":[1,"b"]}')).toEqual({ a: [1, "b"] });
    expect(() => parseJsonText("{")).toThrow(expect.objectContaining({ code: "bad_request" }));
  });

  it("refuses lone surrogates in values and keys with 422, and keeps real pairs", () => {
    expect(() => parseJsonText('{"subject":"\\ud800"}')).toThrow(expect.objectContaining({ code: "unprocessable_entity" }));
    expect(() => parseJsonText('{"\\udc00":1}')).toThrow(expect.objectContaining({ code: "unprocessable_entity" }));
    expect(parseJsonText('{"s":"\\ud83d\\ude00"}')).toEqual({ s: "😀" });
  });
});
