import { db } from "@/lib/db";
import { createLink } from "@/lib/links/create-link";
import { createRecordingKey } from "@/lib/recordings/recording-key";
import { storeChunk } from "@/lib/recordings/store-chunk";
import type { TRrwebEvent } from "@/lib/replay/rrweb-event";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";
import { createTicket } from "@/lib/tickets/create-ticket";

/**
 * A recording made through the same lib functions the ingest uses (ticket, link, per-recording
 * key, storeChunk), for tests, the e2e seeding script and the replay benchmark.
 */
export async function createRecordingFixture(opts: {
  requesterId?: string | null;
  assigneeId?: string;
  batches?: unknown[][];
  status?: "live" | "finished";
  userAgent?: string;
  privacy?: Record<string, unknown>;
}) {
  const system = { type: "system" as const, label: "fixture" };
  const site = await ensureDemoSite();
  const { ticket } = await createTicket(
    { source: "manual", externalId: `T-${Math.random().toString(36).slice(2, 10)}` },
    system,
    { assigneeId: opts.assigneeId },
  );
  const { link } = await createLink(ticket.id, { siteId: site.id }, { ...system, userId: opts.requesterId ?? undefined });
  const id = `rec_${Math.random().toString(36).slice(2)}`;
  const { wrappedKey } = createRecordingKey(id);
  await db.recording.create({
    data: {
      id,
      linkId: link.id,
      ticketId: ticket.id,
      siteId: site.id,
      privacy: JSON.stringify(opts.privacy ?? { preset: "strict", maskAllText: true, maskAllInputs: true }),
      wrappedKey: new Uint8Array(wrappedKey),
      maxDurationMs: 20 * 60_000,
      userAgent: opts.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
    },
  });
  await db.link.update({ where: { id: link.id }, data: { status: "recording" } });
  for (const [seq, batch] of (opts.batches ?? []).entries()) {
    await db.$transaction((tx) => storeChunk(tx, id, seq, batch as TRrwebEvent[]));
  }
  if (opts.status === "finished") await finishRecordingFixture(id);
  return { recordingId: id, ticketId: ticket.id, linkId: link.id };
}

export async function appendBatchFixture(recordingId: string, events: unknown[]) {
  const { nextSeq } = await db.recording.findUniqueOrThrow({ where: { id: recordingId }, select: { nextSeq: true } });
  return db.$transaction((tx) => storeChunk(tx, recordingId, nextSeq, events as TRrwebEvent[]));
}

export async function finishRecordingFixture(recordingId: string) {
  const recording = await db.recording.update({ where: { id: recordingId }, data: { status: "finished", finishedAt: new Date() } });
  await db.link.update({ where: { id: recording.linkId }, data: { status: "finished" } });
}

/** Node ids in `checkpointEvents`, for mutations and clicks that target them. */
export const FIXTURE_NODE = { body: 4, title: 5, button: 7, status: 9, statusText: 10 } as const;

/** A tiny but real rrweb page: Meta + FullSnapshot with a heading, a button and a status line. */
export function checkpointEvents(ts: number, href: string, text = "Hello") {
  const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[]) => ({ type: 2, id, tagName, attributes, childNodes });
  const txt = (id: number, textContent: string) => ({ type: 3, id, textContent });
  const html = el(2, "html", {}, [
    el(3, "head", {}, []),
    el(FIXTURE_NODE.body, "body", {}, [
      el(FIXTURE_NODE.title, "h1", { id: "title" }, [txt(6, text)]),
      el(FIXTURE_NODE.button, "button", { id: "buy" }, [txt(8, "Buy")]),
      el(FIXTURE_NODE.status, "p", { id: "status" }, [txt(FIXTURE_NODE.statusText, "ready")]),
    ]),
  ]);
  return [
    { type: 4, timestamp: ts, data: { href, width: 1024, height: 768 } },
    {
      type: 2,
      timestamp: ts + 1,
      data: { node: { type: 0, id: 1, childNodes: [{ type: 1, id: 11, name: "html", publicId: "", systemId: "" }, html] }, initialOffset: { top: 0, left: 0 } },
    },
  ];
}

export function textChangeEvent(ts: number, value: string) {
  return { type: 3, timestamp: ts, data: { source: 0, adds: [], removes: [], attributes: [], texts: [{ id: FIXTURE_NODE.statusText, value }] } };
}

export function clickEvent(ts: number, x = 50, y = 60) {
  return { type: 3, timestamp: ts, data: { source: 2, type: 2, id: FIXTURE_NODE.button, x, y } };
}

export function consoleErrorEvent(ts: number, text: string) {
  return { type: 6, timestamp: ts, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: [JSON.stringify(text)], trace: [] } } };
}
