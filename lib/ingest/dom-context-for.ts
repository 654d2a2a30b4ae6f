import "server-only";
import type { TDomContext } from "./mask-dom";

// In memory only: after a restart a recording's changes count as unknown (masked under strict) until its next full snapshot, at most 5 minutes on.
const MAX_RECORDINGS = 200;
type TEntry = { seq: number; before: TDomContext; nodes: TDomContext };
// On globalThis: the upload handler in front of Next (scripts/server.mjs) and Next's own bundle are two copies of this module.
const contexts: Map<string, TEntry> = ((globalThis as { glimpseDomContexts?: Map<string, TEntry> }).glimpseDomContexts ??= new Map());

/** A retry of the last batch starts where that batch started, so it masks to the same bytes; other batches out of turn change nothing. */
export function domContextFor(recordingId: string, seq: number, nextSeq: number): TDomContext {
  const entry = contexts.get(recordingId) ?? { seq: -1, before: new Map(), nodes: new Map() };
  contexts.delete(recordingId);
  contexts.set(recordingId, entry);
  if (contexts.size > MAX_RECORDINGS) contexts.delete(contexts.keys().next().value!);
  if (seq !== nextSeq) return new Map(seq === entry.seq ? entry.before : entry.nodes);
  if (seq === entry.seq) {
    entry.nodes = new Map(entry.before);
  } else {
    entry.seq = seq;
    entry.before = new Map(entry.nodes);
  }
  return entry.nodes;
}
