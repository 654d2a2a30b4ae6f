import "server-only";
import { sha256Hex } from "../crypto";

export const GENESIS_HASH = "0".repeat(64);

export type TAuditContent = {
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  ticketId: string | null;
  ticketRef: string | null;
  linkId: string | null;
  recordingId: string | null;
  details: string;
};

/** SHA-256 over the previous hash and a fixed-order serialisation of the entry's content. */
export function auditHash(prevHash: string, c: TAuditContent): string {
  const canonical = JSON.stringify([
    c.createdAt.toISOString(),
    c.actorType,
    c.actorId,
    c.actorLabel,
    c.action,
    c.ticketId,
    c.ticketRef,
    c.linkId,
    c.recordingId,
    c.details,
  ]);
  return sha256Hex(`${prevHash}\n${canonical}`);
}
