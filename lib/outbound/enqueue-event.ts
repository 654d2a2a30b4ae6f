import "server-only";
import { customAlphabet } from "nanoid";
import type { Tx } from "../db";
import { env } from "../env";
import { sealNote } from "../helpdesk/connection-secrets";
import { recordingErrors, type TRecordingErrors } from "../helpdesk/recording-errors";
import { renderNote } from "../helpdesk/render-note";
import type { TOutboundEventType } from "./event-types";

/** The purge's receipt, as its audit entry records it. */
export type TPurgeReceipt = {
  reason: string;
  chunks: number;
  bytes: number;
  rawBytes: number;
  purgedAt: string;
  auditEntryId: number;
  auditHash: string;
};

export type TEventInput = { at?: Date } & (
  | { type: "link.created"; linkId: string; customerMessage?: string }
  | { type: "consent.accepted" | "consent.declined"; linkId: string }
  | { type: "recording.started"; recordingId: string }
  | { type: "recording.finished"; recordingId: string; reason: string }
  | { type: "recording.purged"; recordingId: string; receipt: TPurgeReceipt }
);

// Retried for this long after the change, then marked failed.
export const DELIVERY_WINDOW_MS = 24 * 3_600_000;

const newEventId = customAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 27);

type TTicket = { id: string; source: string; externalId: string; preview: boolean };

function ticketData(t: TTicket) {
  return { id: t.id, source: t.source, externalId: t.externalId, url: `${env().baseUrl}/tickets/${t.id}`, preview: t.preview };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function linkEventData(tx: Tx, type: TOutboundEventType, linkId: string) {
  const link = await tx.link.findUniqueOrThrow({ where: { id: linkId }, include: { ticket: true } });
  const base = { id: link.id, status: link.status };
  if (type === "link.created") {
    return { link: { ...base, createdAt: iso(link.createdAt), expiresAt: iso(link.expiresAt), maxDurationMs: link.maxDurationMs }, ticket: ticketData(link.ticket) };
  }
  const consent = await tx.consent.findFirstOrThrow({ where: { linkId }, orderBy: { createdAt: "desc" } });
  return {
    link: { ...base, decidedAt: iso(link.decidedAt) },
    consent: { decision: consent.decision, noticeVersion: consent.noticeVersion, language: consent.language },
    ticket: ticketData(link.ticket),
  };
}

async function recordingEventData(tx: Tx, input: Extract<TEventInput, { recordingId: string }>) {
  const r = await tx.recording.findUniqueOrThrow({ where: { id: input.recordingId }, include: { ticket: true } });
  const recording = { id: r.id, status: r.status, url: `${env().baseUrl}/recordings/${r.id}`, startedAt: iso(r.startedAt) };
  const rest = { link: { id: r.linkId }, ticket: ticketData(r.ticket) };
  if (input.type === "recording.started") return { recording: { ...recording, maxDurationMs: r.maxDurationMs }, ...rest };
  if (input.type === "recording.finished") {
    return {
      recording: { ...recording, finishedAt: iso(r.finishedAt), reason: input.reason, chunks: r.chunkCount, events: r.eventCount, storedBytes: r.storedBytes },
      ...rest,
    };
  }
  return { recording: { ...recording, purgedAt: iso(r.purgedAt) }, ...rest, receipt: input.receipt };
}

// The helpdesk hears of the link, the customer's decision, the finished recording and its purge.
const NOTE_TYPES: ReadonlySet<TOutboundEventType> = new Set(["link.created", "consent.accepted", "consent.declined", "recording.finished", "recording.purged"]);

async function noteFor(tx: Tx, input: TEventInput, data: Awaited<ReturnType<typeof linkEventData | typeof recordingEventData>>) {
  let errors: TRecordingErrors | undefined;
  let durationMs: number | null = null;
  if (input.type === "recording.finished") {
    const r = await tx.recording.findUniqueOrThrow({ where: { id: input.recordingId }, select: { id: true, wrappedKey: true, markers: true, firstEventAt: true, lastEventAt: true } });
    errors = recordingErrors(r);
    durationMs = r.firstEventAt && r.lastEventAt ? Math.max(0, r.lastEventAt.getTime() - r.firstEventAt.getTime()) : null;
  }
  const withDuration = "recording" in data ? { ...data, recording: { ...data.recording, durationMs } } : data;
  return renderNote(input.type, withDuration, { baseUrl: env().baseUrl, errors, customerMessage: input.type === "link.created" ? input.customerMessage : undefined });
}

/**
 * One delivery per enabled endpoint subscribed to the type and one to the connection of the ticket's helpdesk,
 * inside the transaction of the change: both commit or neither. Ids, states, counts, times and links, never content.
 */
export async function enqueueEvent(tx: Tx, input: TEventInput) {
  const endpoints = (await tx.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, eventTypes: true } })).filter((e) =>
    (JSON.parse(e.eventTypes) as string[]).includes(input.type),
  );
  const connections = NOTE_TYPES.has(input.type) ? await tx.helpdeskConnection.findMany({ where: { enabled: true }, select: { id: true, provider: true } }) : [];
  if (endpoints.length === 0 && connections.length === 0) return null;
  const at = input.at ?? new Date();
  const data = "linkId" in input ? await linkEventData(tx, input.type, input.linkId) : await recordingEventData(tx, input);
  // An admin's privacy preview has no customer and no helpdesk ticket to tell.
  if (data.ticket.preview) return null;
  const connection = connections.find((c) => c.provider === data.ticket.source);
  if (endpoints.length === 0 && !connection) return null;
  const id = `msg_${newEventId()}`;
  const { preview: _preview, ...ticket } = data.ticket;
  const payload = JSON.stringify({ type: input.type, timestamp: at.toISOString(), data: { ...data, ticket } });
  await tx.outboundEvent.create({ data: { id, type: input.type, payload, createdAt: at } });
  const window = { nextAttemptAt: at, giveUpAt: new Date(at.getTime() + DELIVERY_WINDOW_MS), createdAt: at };
  await tx.outboundDelivery.createMany({ data: endpoints.map((e) => ({ eventId: id, endpointId: e.id, ...window })) });
  if (connection) {
    const text = await noteFor(tx, input, data);
    const erase = input.type === "link.created" && Boolean(input.customerMessage);
    await tx.outboundDelivery.create({ data: { eventId: id, connectionId: connection.id, noteSealed: sealNote(id, connection.id, text), noteErase: erase, ...window } });
  }
  return id;
}
