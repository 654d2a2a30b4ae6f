import { clearSession, forgetBatch, saveState, type TBatch, type TSession } from "./session";
import { backoffMs, KEEPALIVE_LIMIT, REQUEST_TIMEOUT_MS, sendBatch, sendPlainOnUnload, type TOutcome } from "./transport";

/** Unsent batches kept in sessionStorage; past this the recorder pauses instead of growing. */
export const QUEUE_CAP_CHARS = 2_000_000;

// A seq is given only once storage holds the batch, else the next page would reuse it (409, and the recording ends).
// A refused batch is held and `full` pauses the recorder; if even that batch alone does not fit, the session goes on from memory only.
export class Uploader {
  private queue: TBatch[];
  private held: string | null = null;
  private stored = true;
  private inFlight = false;
  private issued: { batch: TBatch; keepaliveBytes: number } | null = null;
  private abort: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private dead = false;
  requestTimeoutMs = REQUEST_TIMEOUT_MS;

  constructor(
    private session: TSession,
    queue: TBatch[],
    private onGiveUp: (outcome: Exclude<TOutcome, "ok" | "retry">) => void,
    private onAck: (flushMs: number | undefined) => void = () => {},
    private onUnstored: () => void = () => {},
  ) {
    this.queue = queue.filter((b) => b.seq < session.seq);
    this.persist();
  }

  get pendingChars() {
    return this.queue.reduce((n, b) => n + b.body.length, 0);
  }

  get full() {
    return this.held !== null || this.pendingChars >= QUEUE_CAP_CHARS;
  }

  /** Queues a batch; while `full`, the caller keeps it (nothing is taken in). */
  enqueue(body: string, pump = true) {
    if (this.dead || this.held !== null) return;
    if (!this.take(body)) this.held = body;
    if (pump) this.pump();
  }

  private take(body: string) {
    const batch = { seq: this.session.seq, body };
    const queue = [...this.queue, batch];
    if (saveState({ ...this.session, seq: batch.seq + 1 }, queue)) {
      this.stored = true;
    } else if (this.stored) {
      if (this.queue.length > 0) return false; // acknowledgements will free room
      clearSession();
      this.stored = false;
      // Not from inside take(): the caller may enqueue again in answer.
      setTimeout(() => !this.dead && this.onUnstored());
    }
    this.queue = queue;
    this.session.seq++;
    return true;
  }

  persist() {
    if (this.dead) return;
    if (this.held !== null) {
      if (this.take(this.held)) this.held = null;
    } else if (saveState(this.session, this.queue)) {
      // An older value still in storage is safe: its queue only holds more batches.
      this.stored = true;
    }
  }

  /** Another page of this tab may have sent batches meanwhile (back/forward cache). */
  reload(session: TSession, queue: TBatch[]) {
    this.session.seq = session.seq;
    this.queue = queue.filter((b) => b.seq < session.seq);
    this.held = null;
    this.stored = true;
    this.pump();
  }

  drained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  drop() {
    this.queue = [];
    this.held = null;
    saveState(this.session, []);
    this.close();
  }

  close() {
    this.dead = true;
    this.queue = [];
    this.abort?.abort();
    clearTimeout(this.retryTimer);
    this.settle(new Error("closed"));
  }

  // pagehide: a gzip send still compressing would never leave, so the queue goes as plain JSON.
  sendOnUnload() {
    if (this.dead) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    let budget = KEEPALIVE_LIMIT - (this.issued?.keepaliveBytes ?? 0);
    for (const batch of this.queue) {
      if (batch === this.issued?.batch) continue;
      const body = new TextEncoder().encode(batch.body);
      if (body.byteLength >= budget) break;
      budget -= body.byteLength;
      sendPlainOnUnload(this.session, batch, body);
    }
  }

  pump() {
    if (this.inFlight || this.dead || this.retryTimer !== undefined) return;
    const batch = this.queue[0];
    if (!batch) return this.settle();
    if (Date.now() > Date.parse(this.session.expiresAt)) return this.giveUp("ended");
    this.inFlight = true;
    this.abort = new AbortController();
    const onIssue = (keepaliveBytes: number) => (this.issued = { batch, keepaliveBytes });
    void sendBatch(this.session, batch, { signal: this.abort.signal, onIssue, timeoutMs: this.requestTimeoutMs }).then(({ outcome, flushMs }) => {
      this.inFlight = false;
      this.issued = null;
      if (this.dead) return;
      if (outcome === "ok") {
        this.onAck(flushMs);
        if (this.queue[0] === batch) this.queue.shift();
        this.attempt = 0;
        // Only the acknowledged batch leaves storage; the session value is written again once the queue is empty.
        if (this.held !== null || !this.stored || this.queue.length === 0) this.persist();
        else forgetBatch(batch.seq);
        this.pump();
      } else if (outcome === "retry") {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, backoffMs(this.attempt++));
      } else {
        this.giveUp(outcome);
      }
    });
  }

  private giveUp(outcome: "ended" | "rejected") {
    this.dead = true;
    this.settle(new Error(outcome));
    this.onGiveUp(outcome);
  }

  private settle(error?: Error) {
    if (!error && this.queue.length > 0) return;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) (error ? w.reject(error) : w.resolve());
  }
}
