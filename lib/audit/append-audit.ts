import "server-only";
import { lockAuditChain, type Tx } from "../db";
import { GENESIS_HASH, auditHash } from "./audit-hash";

export type TActor =
  | { type: "user"; id: string; label: string; role: "admin" | "agent" }
  | { type: "apiKey"; id: string; label: string; role: "admin" | "agent"; userId: string }
  | { type: "customer"; id?: string; label?: string }
  | { type: "webhook"; id: string; label?: string }
  | { type: "system"; id?: string; label?: string };

export type TAuditInput = {
  actor: TActor;
  action: string;
  ticketId?: string | null;
  ticketRef?: string | null;
  linkId?: string | null;
  recordingId?: string | null;
  /** Metadata only: never recording content, never customer data beyond the ticket reference. */
  details?: Record<string, unknown>;
  at?: Date;
};

/** Appends to the hash-chained audit log, inside the transaction of the change it records. */
export async function appendAudit(tx: Tx, input: TAuditInput) {
  await lockAuditChain(tx);
  const last = await tx.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = {
    createdAt: input.at ?? new Date(),
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    action: input.action,
    ticketId: input.ticketId ?? null,
    ticketRef: input.ticketRef ?? null,
    linkId: input.linkId ?? null,
    recordingId: input.recordingId ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
  return tx.auditEntry.create({
    data: { ...content, prevHash, hash: auditHash(prevHash, content) },
  });
}
