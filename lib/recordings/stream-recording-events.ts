import "server-only";
import { readChunkPlaintexts } from "./read-events";

const encoder = new TextEncoder();
const COMMA = encoder.encode(",");
const EMPTY = new Uint8Array(0);

/**
 * Decrypts one chunk at a time while the response is written, so a long recording is never held in memory whole.
 * A chunk's plaintext is the JSON text of its events array (storeChunk writes JSON.stringify of it): the JSON
 * answer splices those arrays together without parsing them again.
 */
export function streamRecordingEvents(
  recordingId: string,
  opts: { fromSeq?: number; toSeq?: number; format: "json" | "ndjson"; key?: Buffer },
): ReadableStream<Uint8Array> {
  const chunks = readChunkPlaintexts(recordingId, { fromSeq: opts.fromSeq, toSeq: opts.toSeq, key: opts.key });
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (opts.format === "json") controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      if (done) return;
      const next = await chunks.next();
      if (next.done) {
        done = true;
        if (opts.format === "json") controller.enqueue(encoder.encode("]"));
        controller.close();
        return;
      }
      const body = opts.format === "json" ? arrayItems(next.value.plaintext) : ndjsonLines(next.value.plaintext);
      if (body.length === 0) return;
      if (opts.format === "json" && !first) controller.enqueue(COMMA);
      first = false;
      controller.enqueue(body);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** `[a,b]` → `a,b`, without copying. */
function arrayItems(plaintext: Buffer): Uint8Array {
  if (plaintext[0] !== 0x5b || plaintext[plaintext.length - 1] !== 0x5d) throw new Error("A stored batch is not a JSON array.");
  return plaintext.length === 2 ? EMPTY : plaintext.subarray(1, plaintext.length - 1);
}

function ndjsonLines(plaintext: Buffer): Uint8Array {
  const events = JSON.parse(plaintext.toString("utf8")) as unknown[];
  return events.length === 0 ? EMPTY : encoder.encode(`${events.map((e) => JSON.stringify(e)).join("\n")}\n`);
}
