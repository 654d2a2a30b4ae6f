import { afterEach, describe, expect, it, vi } from "vitest";
import { clearSession, loadState, saveAcked, saveState, takeGrant, type TSession } from "./session";

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
    getItem: (k: string) => data[k] ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > limit) throw new DOMException("full", "QuotaExceededError");
      data[k] = v;
    },
    removeItem: (k: string) => void delete data[k],
  });
  afterEach(() => void vi.unstubAllGlobals());
  const session = { recordingId: "rec_1", seq: 3 } as TSession;

  it("reads what it wrote, from one key, and says when storage refused a write", () => {
    const s = storage({}, 200);
    vi.stubGlobal("sessionStorage", s);
    expect(saveState(session, [{ seq: 2, body: "[]" }])).toBe(true);
    expect(Object.keys(s.data)).toEqual(["glimpse.session"]);
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
    expect(saveState(session, [{ seq: 2, body: `[${"1,".repeat(200)}1]` }])).toBe(false);
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
  });

  it("writes exactly what JSON.stringify writes, however often a batch is written again", () => {
    const s = storage({});
    vi.stubGlobal("sessionStorage", s);
    const odd = { ...session, ticketRef: 'quote " backslash \\ line\u2028 é 😀 \ud800' } as TSession;
    const queue = [
      { seq: 2, body: '[{"type":3,"data":{"text":"a \\"quoted\\" \\u2028 é 😀"}}]' },
      { seq: 3, body: "[]" },
    ];
    for (const q of [queue, queue.slice(1), queue]) {
      expect(saveState(odd, q)).toBe(true);
      expect(s.data["glimpse.session"]).toBe(JSON.stringify({ session: odd, queue: q }));
    }
    queue[0] = { seq: 2, body: "[1]" };
    saveState(odd, queue);
    expect(loadState()).toEqual({ session: odd, queue });
  });

  it("leaves out of a resumed queue the batches marked acknowledged, for this recording only", () => {
    const s = storage({});
    vi.stubGlobal("sessionStorage", s);
    const session = { recordingId: "rec_a", seq: 3 } as TSession;
    saveState(session, [0, 1, 2].map((seq) => ({ seq, body: `[${seq}]` })));
    saveAcked("rec_a", 1);
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([2]);
    saveAcked("rec_other", 2);
    expect(loadState()!.queue.map((b) => b.seq)).toEqual([0, 1, 2]);
    clearSession();
    expect(s.data).toEqual({});
  });

  it("still resumes a tab that a recorder with separate session and queue keys left behind", () => {
    vi.stubGlobal("sessionStorage", storage({ "glimpse.session": JSON.stringify(session), "glimpse.queue": '[{"seq":2,"body":"[]"}]' }));
    expect(loadState()).toEqual({ session, queue: [{ seq: 2, body: "[]" }] });
    clearSession();
    expect(loadState()).toBeNull();
  });
});
