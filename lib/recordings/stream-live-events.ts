import "server-only";
import { db } from "../db";
import { liveBusHealth, waitForLiveChange } from "../live/live-bus";
import { fromLatestCheckpoint } from "../rrweb/checkpoints";
import type { TRrwebEvent } from "../rrweb/types";
import { readChunkEvents } from "./read-events";

type TOptions = {
  /** From the SSE Last-Event-ID header: resume after this chunk instead of sending a checkpoint. */
  afterSeq?: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** A connection ends after this long; EventSource reconnects with Last-Event-ID. */
  maxMs?: number;
};

const encoder = new TextEncoder();
const WATCH_MARK_EVERY_MS = 3_000;

async function readRange(recordingId: string, fromSeq: number, toSeq?: number) {
  const events: TRrwebEvent[] = [];
  let last = fromSeq - 1;
  for await (const chunk of readChunkEvents(recordingId, { fromSeq, toSeq })) {
    events.push(...chunk.events);
    last = chunk.seq;
  }
  return { events, last };
}

/**
 * Reads the database so any instance can serve any viewer, woken by the live bus when a chunk
 * arrives (on any instance) and otherwise every second, or every 500 ms while the bus is down.
 * `customerNow` estimates the customer's clock, which the player schedules on.
 */
export function streamLiveEvents(recordingId: string, opts: TOptions = {}): ReadableStream<Uint8Array> {
  const pollMs = () => opts.pollMs ?? (liveBusHealth().ok ? 1_000 : 500);
  const deadline = Date.now() + (opts.maxMs ?? 30 * 60_000);
  let closed = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        controller.close();
      };
      opts.signal?.addEventListener("abort", close);

      // The quickest of the last few batches to arrive gives the closest estimate of the customer's clock.
      const customerNow = async (seq: number) => {
        const chunks = await db.chunk.findMany({
          where: { recordingId, seq: { lte: seq } },
          orderBy: { seq: "desc" },
          take: 10,
          select: { lastTs: true, createdAt: true },
        });
        const skews = chunks.map((c) => Number(c.lastTs) - c.createdAt.getTime());
        return Date.now() + (skews.length > 0 ? Math.max(...skews) : 0);
      };
      const sendEvents = async (events: TRrwebEvent[], lastSeq: number) => {
        send(`id: ${lastSeq}\nevent: events\ndata: ${JSON.stringify({ events, customerNow: await customerNow(lastSeq) })}\n\n`);
      };

      try {
        send("retry: 1000\n\n");
        let sent = opts.afterSeq ?? -1;
        let lastBeat = Date.now();
        let lastWatchMark = 0;
        while (!closed && Date.now() < deadline) {
          const recording = await db.recording.findUnique({ where: { id: recordingId }, select: { status: true, nextSeq: true } });
          if (recording?.status === "live" && Date.now() - lastWatchMark > WATCH_MARK_EVERY_MS) {
            // Tells the recorder, in its next upload's answer, to upload faster while someone watches.
            lastWatchMark = Date.now();
            await db.recording.update({ where: { id: recordingId }, data: { liveWatchedAt: new Date(lastWatchMark) } });
          }
          if (!recording || recording.status === "purged") {
            send(`event: end\ndata: ${JSON.stringify({ status: "purged" })}\n\n`);
            break;
          }
          const stored = recording.nextSeq - 1;
          if (sent < 0 && stored >= 0) {
            const checkpoint = await db.chunk.findFirst({
              where: { recordingId, hasCheckpoint: true },
              orderBy: { seq: "desc" },
              select: { seq: true },
            });
            if (checkpoint) {
              // The Meta usually shares the checkpoint's batch, but a batch may end between the two.
              let range = await readRange(recordingId, checkpoint.seq, stored);
              let start = fromLatestCheckpoint(range.events);
              if (!start && checkpoint.seq > 0) {
                range = await readRange(recordingId, checkpoint.seq - 1, stored);
                start = fromLatestCheckpoint(range.events);
              }
              if (start) {
                await sendEvents(start, range.last);
                sent = range.last;
              }
            }
          } else if (stored > sent) {
            const range = await readRange(recordingId, sent + 1, stored);
            if (range.events.length > 0) await sendEvents(range.events, range.last);
            sent = range.last;
          }
          // A finished recording with nothing playable left to send also ends here.
          if (recording.status !== "live" && (sent >= stored || sent < 0)) {
            send(`event: end\ndata: ${JSON.stringify({ status: recording.status })}\n\n`);
            break;
          }
          if (Date.now() - lastBeat > 15_000) {
            send(": keep-alive\n\n");
            lastBeat = Date.now();
          }
          await waitForLiveChange(recordingId, pollMs(), opts.signal);
        }
      } catch (error) {
        // A purge between two reads ends the stream like any other end.
        send(`event: end\ndata: ${JSON.stringify({ status: "unavailable" })}\n\n`);
        if (!(error instanceof Error && "code" in error)) console.error("[glimpse] live stream failed", error);
      } finally {
        close();
      }
    },
    cancel() {
      closed = true;
    },
  });
}
