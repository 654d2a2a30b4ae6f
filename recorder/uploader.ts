import { loadQueue, saveQueue, saveSession, type TBatch, type TSession } from "./session";
import { backoffMs, sendBatch, type TOutcome } from "./transport";

/** Unsent batches kept in sessionStorage; past this the recorder pauses instead of growing. */
export const QUEUE_CAP_CHARS = 2_000_000;

/**
 * Sends batches strictly one at a time and in seq order, retrying the head with backoff until
 * the server acknowledges it. The queue lives in sessionStorage too, so a navigation (or a
 * server that is down for a while) loses nothing.
 */
export class Uploader {
  private queue: TBatch[];
  private inFlight = false;
  private abort: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private dead = false;

  constructor(
    private session: TSession,
    private onGiveUp: (outcome: Exclude<TOutcome, "ok" | "retry">) => void,
    private onAck: (flushMs: number | undefined) => void = () => {},
  ) {
    this.queue = loadQueue().filter((b) => b.seq < session.seq);
  }

  get pendingChars() {
    return this.queue.reduce((n, b) => n + b.body.length, 0);
  }

  get full() {
    return this.pendingChars >= QUEUE_CAP_CHARS;
  }

  enqueue(body: string) {
    if (this.dead) return;
    this.queue.push({ seq: this.session.seq++, body });
    this.persist();
    this.pump();
  }

  persist() {
    if (this.dead) return;
    saveSession(this.session);
    saveQueue(this.queue);
  }

  /** Another page of this tab may have sent batches meanwhile (back/forward cache). */
  reload(session: TSession) {
    this.session.seq = session.seq;
    this.queue = loadQueue().filter((b) => b.seq < session.seq);
    this.pump();
  }

  /** Resolves once every queued batch is acknowledged. */
  drained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Withdrawal: nothing more leaves this page. */
  drop() {
    saveQueue([]);
    this.close();
  }

  /** The session is over: stop sending, and never write it back to storage. */
  close() {
    this.dead = true;
    this.queue = [];
    this.abort?.abort();
    clearTimeout(this.retryTimer);
    this.settle(new Error("closed"));
  }

  /** pagehide: one last keepalive send of the head, unless one is already on its way. */
  sendOnUnload() {
    if (this.inFlight || this.dead) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.pump(true);
  }

  pump(unloading = false) {
    if (this.inFlight || this.dead || this.retryTimer !== undefined) return;
    const batch = this.queue[0];
    if (!batch) return this.settle();
    if (Date.now() > Date.parse(this.session.expiresAt)) return this.giveUp("ended");
    this.inFlight = true;
    this.abort = new AbortController();
    void sendBatch(this.session, batch, { unloading, signal: this.abort.signal }).then(({ outcome, flushMs }) => {
      this.inFlight = false;
      if (this.dead) return;
      if (outcome === "ok") {
        this.onAck(flushMs);
        if (this.queue[0] === batch) this.queue.shift();
        this.attempt = 0;
        saveQueue(this.queue);
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
