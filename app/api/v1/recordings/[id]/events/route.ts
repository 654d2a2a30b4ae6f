import { z } from "zod";
import { parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { AppError } from "@/lib/errors";
import { getWatchableRecording } from "@/lib/recordings/get-watchable-recording";
import { unwrapRecordingKey } from "@/lib/recordings/recording-key";
import { streamRecordingEvents } from "@/lib/recordings/stream-recording-events";

const ZEventsQuery = z
  .object({
    fromSeq: z.coerce.number().int().min(0).optional(),
    toSeq: z.coerce.number().int().min(0).optional(),
    /** The console player's page view (an audit entry id): its page reads are not audited again. */
    view: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.fromSeq === undefined || q.toSeq === undefined || q.fromSeq <= q.toSeq, "fromSeq must not be after toSeq");

// GET /api/v1/recordings/:id/events – the rrweb events in order, as a JSON array or NDJSON; audited as an export
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ req, params, actor }) => {
  const query = parseQuery(req, ZEventsQuery);
  const ndjson = (req.headers.get("accept") ?? "").includes("application/x-ndjson");
  const { recording, wrappedKey } = await getWatchableRecording({
    actor,
    recordingId: params.id,
    audit: "recording.exported",
    viewId: query.view,
    details: { fromSeq: query.fromSeq ?? null, toSeq: query.toSeq ?? null, format: ndjson ? "ndjson" : "json" },
  });
  // Before the 200 goes out: a key that cannot be opened is an error status, not a cut-off body. The access check
  // read it with the recording; reading it again would cost every page of a replay a query.
  if (!wrappedKey) throw new AppError("not_found", "No such recording.");
  const key = unwrapRecordingKey(recording.id, wrappedKey);
  const body = streamRecordingEvents(recording.id, { fromSeq: query.fromSeq, toSeq: query.toSeq, format: ndjson ? "ndjson" : "json", key });
  return new Response(body, {
    headers: {
      "content-type": ndjson ? "application/x-ndjson; charset=utf-8" : "application/json; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}));
