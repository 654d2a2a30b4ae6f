import { afterEach, describe, expect, it, vi } from "vitest";
import { clearSession, forgetBatch, loadState, saveState, takeGrant, type TSession } from "./session";

describe("takeGrant", () => {
  it("takes the grant and leaves the rest of the fragment", () => {
    expect(takeGrant("#glimpse=abc_DEF-123")).toEqual({ grant: "abc_DEF-123", rest: "" });
    expect(takeGrant("#section-2&glimpse=tok")).toEqual({ grant: "tok", rest: "#section-2" });
    expect(takeGrant("#glimpse=tok&tab=2")).toEqual({ grant: "tok", rest: "#tab=2" });
  });

  it("finds the grant where a hash router moved it, and leaves the router its route", () => {
    // vue-router (hash mode) and friends rewrite #glimpse=… before an async loader runs.
    expect(takeGrant("#/glimpse=tok")).toEqual({ grant: "tok", rest: "#/" });
    expect(takeGrant("#/glimpse=tok&tab=2")).toEqual({ grant: "tok", rest: "#/tab=2" });
    expect(takeGrant("#/orders?glimpse=tok")).toEqual({ grant: "tok", rest: "#/orders" });
    expect(takeGrant("#/orders?glimpse=tok&page=2")).toEqual({ grant: "tok", rest: "#/orders?page=2" });
    expect(takeGrant("#/orders?page=2&glimpse=tok")).toEqual({ grant: "tok", rest: "#/orders?page=2" });
    expect(takeGrant("#!/glimpse=tok")).toEqual({ grant: "tok", rest: "#!/" });
    expect(takeGrant("#a=1&glimpse=tok&b=2")).toEqual({ grant: "tok", rest: "#a=1&b=2" });
  });

  it("finds nothing in an ordinary fragment", () => {
    expect(takeGrant("#/orders/glimpse")).toEqual({ grant: null, rest: "#/orders/glimpse" });
    expect(takeGrant("#/xglimpse=tok")).toEqual({ grant: null, rest: "#/xglimpse=tok" });
    expect(takeGrant("#faq")).toEqual({ grant: null, rest: "#faq" });
    expect(takeGrant("#notglimpse=x")).toEqual({ grant: null, rest: "#notglimpse=x" });
    expect(takeGrant("")).toEqual({ grant: null, rest: "" });
  });
});

describe("loadState and saveState", () => {
  const storage = (data: Record<string, string>, limit = Infinity) => ({
    data,
    get length() {
      return Object.keys(data).length;
    },
    key: (i: number) => Object.keys(data)[i] ?? null,
    getItem: (k: string) => data[k] ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > limit) throw new DOMException("full", "QuotaExceededError");
      data[k] = v;
    },
    removeItem: (k: string) => void delete data[k],
  });
  afterEach(() => {
    clearSession();
    vi.unstubAllGlobals();
  });
  const session = { recordingId: "rec_1", seq: 3 } as TSession;

  it("reads what it wrote: the session, and each batch under its own key; says when storage refused a write", () => {
    const s = storage({}, 200);
    vi.stubGlobal("sessionStorage", s);
    expect(saveState(session, [{ seq: 2, body: "[]" }])).toBe(true);
    expect(s.data).toEqual({ "glimpse.session": JSON.stringify({ session, queue: [2] }), "glimpse.batch.2": "[]" });
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
    expect(saveState(session, [{ seq: 2, body: `[${"1,".repeat(200)}1]` }])).toBe(false);
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
  });

  it("keeps a batch's text as it is, odd characters included, writes it once, and again only if it changed", () => {
    const s = storage({});
    const writes: string[] = [];
    vi.stubGlobal("sessionStorage", { ...s, setItem: (k: string, v: string) => (writes.push(k), s.setItem(k, v)) });
    const odd = { ...session, ticketRef: 'quote " backslash \\ line\u2028 é 😀 \ud800' } as TSession;
    const queue = [
      { seq: 2, body: '[{"type":3,"data":{"text":"a \\"quoted\\" \\u2028 é 😀"}}]' },
      { seq: 3, body: "[]" },
    ];
    for (const q of [queue, queue.slice(1), queue]) expect(saveState(odd, q)).toBe(true);
    expect(s.data["glimpse.batch.2"]).toBe(queue[0]!.body);
    // Batch 2 was dropped from the queue in between, so it was written again; batch 3 only once.
    expect(writes).toEqual(["glimpse.batch.2", "glimpse.batch.3", "glimpse.session", "glimpse.session", "glimpse.batch.2", "glimpse.session"]);
    queue[0] = { seq: 2, body: "[1]" };
    saveState(odd, queue);
    expect(loadState()).toEqual({ session: odd, queue });
  });

  it("leaves out of a resumed queue a batch removed once acknowledged, and what is no longer queued", () => {
    const s = storage({});
    vi.stubGlobal("sessionStorage", s);
    saveState(session, [0, 1, 2].map((seq) => ({ seq, body: `[${seq}]` })));
    forgetBatch(0);
    expect(s.data["glimpse.session"]).toBe(JSON.stringify({ session, queue: [0, 1, 2] }));
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([1, 2]);
    saveState(session, [{ seq: 2, body: "[2]" }]);
    expect(Object.keys(s.data).sort()).toEqual(["glimpse.batch.2", "glimpse.session"]);
    clearSession();
    expect(s.data).toEqual({});
  });

  it("resumes a tab that an older recorder left (the queue inside the session value, and its acknowledged mark), then writes it the new way", () => {
    const session = { recordingId: "rec_a", seq: 3 } as TSession;
    const queue = [0, 1, 2].map((seq) => ({ seq, body: `[${seq}]` }));
    const s = storage({ "glimpse.session": JSON.stringify({ session, queue }), "glimpse.acked": "rec_a:1" });
    vi.stubGlobal("sessionStorage", s);
    const resumed = loadState()!;
    expect(resumed.queue.map((b) => b.seq)).toEqual([2]);
    s.data["glimpse.acked"] = "rec_other:2";
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([0, 1, 2]);
    expect(saveState(session, resumed.queue)).toBe(true);
    expect(s.data).toEqual({ "glimpse.session": JSON.stringify({ session, queue: [2] }), "glimpse.batch.2": "[2]" });
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[2]" }] });
  });

  it("still resumes a tab that a recorder with separate session and queue keys left behind", () => {
    vi.stubGlobal("sessionStorage", storage({ "glimpse.session": JSON.stringify(session), "glimpse.queue": '[{"seq":2,"body":"[]"}]' }));
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
    clearSession();
    expect(loadState()).toBeNull();
  });
});
