import "server-only";
import { readChunkEvents } from "./read-events";

const encoder = new TextEncoder();

/** Decrypts one chunk at a time while the response is written, so a long recording is never held in memory whole. */
export function streamRecordingEvents(
  recordingId: string,
  opts: { fromSeq?: number; toSeq?: number; format: "json" | "ndjson" },
): ReadableStream<Uint8Array> {
  const chunks = readChunkEvents(recordingId, { fromSeq: opts.fromSeq, toSeq: opts.toSeq });
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
      const lines = next.value.events.map((e) => JSON.stringify(e));
      if (lines.length === 0) return;
      const text =
        opts.format === "ndjson" ? `${lines.join("\n")}\n` : `${first ? "" : ","}${lines.join(",")}`;
      first = false;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
