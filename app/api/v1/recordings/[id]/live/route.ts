import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { streamLiveEvents } from "@/lib/recordings/stream-live-events";
import { getWatchableRecording } from "@/lib/recordings/get-watchable-recording";

// GET /api/v1/recordings/:id/live – Server-Sent Events: the latest checkpoint, then new events as they arrive; audited
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  const lastEventId = req.headers.get("last-event-id");
  const afterSeq = lastEventId && /^\d{1,9}$/.test(lastEventId) ? Number(lastEventId) : undefined;
  // Every connection is audited, reconnects included: Last-Event-ID is the client's word.
  const { recording } = await getWatchableRecording({
    actor,
    recordingId: params.id,
    audit: "recording.live_watched",
    details: afterSeq === undefined ? {} : { resumedAfterSeq: afterSeq },
  });
  return new Response(streamLiveEvents(recording.id, { afterSeq, signal: req.signal }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression from buffering the stream.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}));
