import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TBatch, TSession } from "./session";

// The network: each sendBatch waits until the test answers it; unload sends are only recorded.
type TSend = { seq: number; issue: (bytes?: number) => void; answer: (outcome: "ok" | "retry" | "rejected") => void };
const sends: TSend[] = [];
const unloadSends: { seq: number; body: string }[] = [];
vi.mock("./transport", () => ({
  KEEPALIVE_LIMIT: 60_000,
  REQUEST_TIMEOUT_MS: 30_000,
  backoffMs: () => 1_000,
  sendBatch: (_session: TSession, batch: TBatch, opts: { onIssue?: (bytes: number) => void }) =>
    new Promise((resolve) => {
      sends.push({ seq: batch.seq, issue: (bytes = 100) => opts.onIssue?.(bytes), answer: (outcome) => resolve({ outcome }) });
    }),
  sendPlainOnUnload: (_session: TSession, batch: TBatch, body: Uint8Array) => {
    unloadSends.push({ seq: batch.seq, body: new TextDecoder().decode(body) });
  },
}));

const { Uploader } = await import("./uploader");
const { clearSession, loadState } = await import("./session");

/** sessionStorage with a quota, as browsers count it: a write that would take all values past `limit` characters throws QuotaExceededError. */
class FakeStorage {
  data = new Map<string, string>();
  writes: string[] = [];
  constructor(public limit = Infinity) {}
  get length() {
    return this.data.size;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const others = [...this.data].reduce((n, [k, v]) => (k === key ? n : n + v.length), 0);
    if (others + value.length > this.limit) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    this.writes.push(key);
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

let storage: FakeStorage;
/** What a page of this tab that resumes would read. */
const stored = () => loadState();
const session = (seq = 0): TSession => ({
  recordingId: "rec_1",
  uploadToken: "tok",
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  seq,
  startedAt: Date.now(),
  maxDurationMs: 3_600_000,
  privacy: {} as TSession["privacy"],
  ticketRef: "42",
  apiBase: "https://glimpse.test",
});
const batchOf = (label: string, size = 10) => JSON.stringify([{ type: 5, timestamp: 1, data: { tag: label, payload: "x".repeat(size) } }]);
const flushPromises = () => new Promise((r) => setTimeout(r, 0));

/** What a page of this tab that resumes from storage would do: every seq it may send again is in its queue. */
function expectResumable(serverNextSeq: number) {
  const value = stored()!;
  expect(value).not.toBeNull();
  const seqs = value.queue.map((b) => b.seq);
  // Stored batches are exactly serverNextSeq.. seq-1 (or more, already acknowledged, at the front).
  expect(seqs).toEqual(seqs.map((_, i) => value.session.seq - seqs.length + i));
  expect(value.session.seq - seqs.length).toBeLessThanOrEqual(serverNextSeq);
}

beforeEach(() => {
  storage = new FakeStorage();
  vi.stubGlobal("sessionStorage", storage);
  sends.length = 0;
  unloadSends.length = 0;
});
afterEach(() => {
  clearSession();
  vi.unstubAllGlobals();
});

describe("Uploader: session and queue in storage", () => {
  it("writes each batch once, under its own key, before the session value that counts it", () => {
    const s = session();
    const uploader = new Uploader(s, [], () => {});
    storage.writes = [];
    uploader.enqueue(batchOf("a"), false);
    uploader.enqueue(batchOf("b"), false);
    expect(storage.writes).toEqual(["glimpse.batch.0", "glimpse.session", "glimpse.batch.1", "glimpse.session"]);
    expect(storage.getItem("glimpse.batch.0")).toBe(batchOf("a"));
    expect(JSON.parse(storage.getItem("glimpse.session")!)).toEqual({ session: { ...s, seq: 2 }, queue: [0, 1] });
    expect(stored()).toEqual({ session: { ...s, seq: 2 }, queue: [{ seq: 0, body: batchOf("a") }, { seq: 1, body: batchOf("b") }] });
  });

  it("never stores an advanced seq when storage refuses the queue: the batch waits, unsent and without a seq", async () => {
    const s = session();
    const uploader = new Uploader(s, [], () => {});
    uploader.enqueue(batchOf("a", 400));
    expect(sends.map((x) => x.seq)).toEqual([0]);
    storage.limit = 1_500; // "a" and "b" do not fit together; "b" alone does
    uploader.enqueue(batchOf("b", 800));

    expect(stored()!.session.seq).toBe(1);
    expect(stored()!.queue.map((b) => b.seq)).toEqual([0]);
    expectResumable(0);
    expect(s.seq).toBe(1);
    expect(uploader.full).toBe(true); // the recorder pauses
    uploader.enqueue(batchOf("c")); // and a caller that ignores `full` changes nothing
    expect(stored()!.session.seq).toBe(1);

    // "a" is acknowledged: that frees the room "b" needs, and only now does "b" get seq 1.
    sends[0]!.issue();
    sends[0]!.answer("ok");
    await flushPromises();
    expect(uploader.full).toBe(false);
    expect(stored()).toMatchObject({ session: { seq: 2 }, queue: [{ seq: 1, body: batchOf("b", 800) }] });
    expectResumable(1);
    expect(sends.map((x) => x.seq)).toEqual([0, 1]);
  });

  it("when storage cannot hold even one batch, removes the stored session instead of leaving a stale seq", async () => {
    const s = session();
    const uploader = new Uploader(s, [], () => {});
    expect(stored()!.session.seq).toBe(0);
    storage.limit = 500;
    uploader.enqueue(batchOf("big", 2_000));
    expect(stored()).toBeNull(); // no other page of the tab can resume from seq 0
    expect(uploader.full).toBe(false); // the recording goes on from memory
    expect(sends.map((x) => x.seq)).toEqual([0]);
    // Once it is acknowledged, storage holds the session again, as it is now.
    sends[0]!.issue();
    sends[0]!.answer("ok");
    await flushPromises();
    expect(stored()).toMatchObject({ session: { seq: 1 }, queue: [] });
    uploader.enqueue(batchOf("small"));
    expect(stored()).toMatchObject({ session: { seq: 2 }, queue: [{ seq: 1 }] });
  });
});

describe("Uploader: acknowledgements", () => {
  it("removes only the acknowledged batch, and writes the session again once the queue is empty; a page that resumes leaves out what was acknowledged", async () => {
    const s = session();
    const uploader = new Uploader(s, [], () => {});
    uploader.enqueue(batchOf("a", 1_000));
    uploader.enqueue(batchOf("b", 1_000), false);
    uploader.enqueue(batchOf("c", 1_000), false);
    const queueText = storage.getItem("glimpse.session");
    sends[0]!.issue();
    sends[0]!.answer("ok");
    await flushPromises();
    expect(storage.getItem("glimpse.session")).toBe(queueText); // still counts "a", whose batch is gone
    expect(storage.getItem("glimpse.batch.0")).toBeNull();
    expectResumable(1);
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([1, 2]);
    sends[1]!.issue();
    sends[1]!.answer("ok");
    await flushPromises();
    expect(storage.getItem("glimpse.session")).toBe(queueText);
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([2]);
    // Another recording of this tab is not confused by the mark.
    expect(loadState()!.session.recordingId).toBe("rec_1");
    sends[2]!.issue();
    sends[2]!.answer("ok");
    await flushPromises();
    expect(stored()).toEqual({ session: { ...s, seq: 3 }, queue: [] });
    expect([...storage.data.keys()]).toEqual(["glimpse.session"]);
  });
});

describe("Uploader: storage that cannot hold the session", () => {
  it("says so once, after the batch is queued in memory, so that the recorder can finish instead of ending silently", async () => {
    const unstored: number[] = [];
    const s = session();
    const uploader = new Uploader(s, [], () => {}, () => {}, () => unstored.push(s.seq));
    storage.limit = 100;
    uploader.enqueue(batchOf("big", 2_000));
    expect(unstored).toEqual([]); // not from inside enqueue: the recorder enqueues again in answer
    await flushPromises();
    expect(unstored).toEqual([1]);
    expect(sends.map((x) => x.seq)).toEqual([0]);
    uploader.enqueue(batchOf("more", 2_000), false);
    await flushPromises();
    expect(unstored).toEqual([1]); // once: storage already holds nothing of this session
  });
});

describe("Uploader: pagehide", () => {
  it("sends the queue as plain keepalive while the head is still compressing", () => {
    const uploader = new Uploader(session(), [], () => {});
    uploader.enqueue(batchOf("a"));
    expect(sends).toHaveLength(1); // compressing, not issued yet
    uploader.enqueue(batchOf("last"), false);
    uploader.sendOnUnload();
    expect(unloadSends).toEqual([
      { seq: 0, body: batchOf("a") },
      { seq: 1, body: batchOf("last") },
    ]);
  });

  it("does not send again a head whose request has left, but sends the ones after it", () => {
    const uploader = new Uploader(session(), [], () => {});
    uploader.enqueue(batchOf("a"));
    sends[0]!.issue(30_000);
    uploader.enqueue(batchOf("b"), false);
    uploader.enqueue(batchOf("c", 40_000), false); // past what keepalive has left
    uploader.sendOnUnload();
    expect(unloadSends.map((x) => x.seq)).toEqual([1]);
  });

  it("sends a head that waits for a retry, and stays within the keepalive budget in seq order", async () => {
    const uploader = new Uploader(session(), [], () => {});
    uploader.enqueue(batchOf("a"));
    sends[0]!.issue();
    sends[0]!.answer("retry");
    await flushPromises();
    uploader.enqueue(batchOf("big", 70_000), false);
    uploader.enqueue(batchOf("after"), false);
    uploader.sendOnUnload();
    expect(unloadSends.map((x) => x.seq)).toEqual([0]);
  });
});
