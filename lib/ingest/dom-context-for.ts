import "server-only";
import type { TDomContext } from "./mask-dom";

/**
 * A recording's node map that can go back to where the batch being masked started, for a retry of
 * that batch: it notes what each change replaced rather than copying the map for every batch.
 */
class BatchContext extends Map<number, number> {
  /** What the batch's changes replaced, in order; `undefined`: the id was absent. */
  private journal: [number, number | undefined][] | null = null;
  /** The whole map as the batch found it, once the batch cleared it (a full snapshot). */
  private start: Map<number, number> | null = null;

  begin(): void {
    this.journal = [];
    this.start = null;
  }

  override set(id: number, value: number): this {
    if (this.journal && !this.start) this.journal.push([id, super.get(id)]);
    return super.set(id, value);
  }

  override delete(id: number): boolean {
    if (this.journal && !this.start && super.has(id)) this.journal.push([id, super.get(id)]);
    return super.delete(id);
  }

  override clear(): void {
    if (this.journal && !this.start) this.start = this.before();
    super.clear();
  }

  /** A copy of the map as the batch found it. */
  before(): Map<number, number> {
    if (this.start) return new Map(this.start);
    const copy = new Map(this);
    for (let i = (this.journal?.length ?? 0) - 1; i >= 0; i--) {
      const [id, value] = this.journal![i]!;
      if (value === undefined) copy.delete(id);
      else copy.set(id, value);
    }
    return copy;
  }

  /** Back to where the batch started, to mask it again. */
  rollback(): void {
    const start = this.before();
    this.journal = null;
    super.clear();
    for (const [id, value] of start) super.set(id, value);
    this.begin();
  }
}

// In memory only: after a restart a recording's changes count as unknown (masked under strict) until its next full snapshot, at most 5 minutes on.
const MAX_RECORDINGS = 200;
type TEntry = { seq: number; nodes: BatchContext };
// On globalThis: the upload handler in front of Next (scripts/server.mjs) and Next's own bundle are two copies of this module.
const contexts: Map<string, TEntry> = ((globalThis as { glimpseBatchContexts?: Map<string, TEntry> }).glimpseBatchContexts ??= new Map());

/** A retry of the last batch starts where that batch started, so it masks to the same bytes; other batches out of turn change nothing. */
export function domContextFor(recordingId: string, seq: number, nextSeq: number): TDomContext {
  const entry = contexts.get(recordingId) ?? { seq: -1, nodes: new BatchContext() };
  contexts.delete(recordingId);
  contexts.set(recordingId, entry);
  if (contexts.size > MAX_RECORDINGS) contexts.delete(contexts.keys().next().value!);
  if (seq !== nextSeq) return seq === entry.seq ? entry.nodes.before() : new Map(entry.nodes);
  if (seq === entry.seq) entry.nodes.rollback();
  else {
    entry.seq = seq;
    entry.nodes.begin();
  }
  return entry.nodes;
}
