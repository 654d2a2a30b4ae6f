import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TConsolePayload } from "../lib/rrweb/console-trace";
import { captureConsole, captureNetwork } from "./capture";
import { STRICT_PRIVACY, withDefaults } from "./record-options";
import { MASK } from "./scrub-event";

type TEvent = { type: number; data: any; timestamp: number };

const EMAIL = "jane.doe@example.com";
const THIS_FILE = /recorder\/capture\.test\.ts:\d+:\d+\)?$/;

function start(privacy = STRICT_PRIVACY) {
  const events: TEvent[] = [];
  const page = new EventTarget();
  vi.stubGlobal("window", page);
  vi.stubGlobal("console", { ...console, error: vi.fn(), warn: vi.fn(), log: vi.fn() });
  captureConsole(privacy, (e) => events.push(e), () => true);
  const payloads = () => events.map((e) => e.data.payload as TConsolePayload);
  const dispatch = (type: string, fields: Record<string, unknown>) => page.dispatchEvent(Object.assign(new Event(type), fields));
  return { events, payloads, dispatch };
}

afterEach(() => void vi.unstubAllGlobals());

describe("captureConsole", () => {
  it("keeps an error's name, its scrubbed message and its frames, in rrweb's console plugin shape", () => {
    const { events, payloads } = start();
    const error = new TypeError(`Cannot read properties of undefined (reading 'total') for ${EMAIL}`);
    console.error(error);
    expect(events[0]).toMatchObject({ type: 6, data: { plugin: "rrweb/console@1" } });
    const [logged] = payloads();
    expect(logged!.level).toBe("error");
    expect(logged!.payload).toEqual(["TypeError: Cannot read properties of undefined (reading 'total') for [email]"]);
    expect(logged!.trace.length).toBeGreaterThan(0);
    expect(logged!.trace[0]).toMatch(THIS_FILE);
    expect(JSON.stringify(events)).not.toContain("jane");
  });

  it("scrubs strings and stringified objects, and traces a plain call from its caller, not from the recorder", () => {
    const { payloads } = start();
    console.warn(`failed for ${EMAIL}`, { card: "4111 1111 1111 1111", order: 10042 }, 42);
    const [logged] = payloads();
    expect(logged!.level).toBe("warn");
    expect(logged!.payload).toEqual(["failed for [email]", '{"card":"[card]","order":10042}', "42"]);
    expect(logged!.trace[0]).toMatch(THIS_FILE);
    expect(logged!.trace.join()).not.toContain("capture.ts");
  });

  it("caps each text, and survives values that cannot be stringified", () => {
    const { payloads } = start();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const hostile = { toJSON: () => { throw new Error("no"); }, toString: () => { throw new Error("no"); } };
    console.error("x".repeat(5000), circular);
    expect(() => console.error(hostile)).not.toThrow();
    expect(payloads()[0]!.payload).toEqual(["x".repeat(1000), "[object Object]"]);
    expect(console.log).toBeTypeOf("function");
    console.log(EMAIL);
    expect(payloads()).toHaveLength(1);
  });

  it("records uncaught errors and unhandled rejections, with the Error's stack when there is one", () => {
    const { payloads, dispatch } = start();
    const thrown = new TypeError(`total is undefined for ${EMAIL}`);
    dispatch("error", { error: thrown, message: `Uncaught TypeError: total is undefined for ${EMAIL}` });
    dispatch("error", { error: null, message: "Script error.", filename: "https://cdn.test/app.js?v=2&token=abc#x", lineno: 3, colno: 14 });
    dispatch("unhandledrejection", { reason: new RangeError("amount out of range") });
    dispatch("unhandledrejection", { reason: `Bearer abcdefghijklmnop1234 refused for ${EMAIL}` });
    const [uncaught, crossOrigin, rejected, rejectedText] = payloads();
    expect(uncaught).toMatchObject({ level: "error", payload: ["Uncaught", "TypeError: total is undefined for [email]"] });
    expect(uncaught!.trace[0]).toMatch(THIS_FILE);
    expect(crossOrigin).toEqual({ level: "error", payload: ["Uncaught", "Script error."], trace: ["https://cdn.test/app.js:3:14"] });
    expect(rejected).toMatchObject({ level: "error", payload: ["Unhandled rejection", "RangeError: amount out of range"] });
    expect(rejected!.trace[0]).toMatch(THIS_FILE);
    expect(rejectedText).toEqual({ level: "error", payload: ["Unhandled rejection", "Bearer [token] refused for [email]"], trace: [] });
  });

  it("masks everything, as before, for a session whose snapshot still says maskText", () => {
    const { payloads, dispatch } = start(withDefaults({ console: { levels: ["error", "warn"], maskText: true } }));
    console.error(new TypeError("total is undefined"), "order 10042");
    dispatch("unhandledrejection", { reason: new Error("boom") });
    expect(payloads()).toEqual([
      { level: "error", payload: ["TypeError: ********", MASK], trace: [] },
      { level: "error", payload: [MASK, "Error: ********"], trace: [] },
    ]);
  });
});

describe("captureNetwork", () => {
  let events: TEvent[];
  beforeEach(() => {
    events = [];
    vi.stubGlobal("location", { href: "https://shop.test/checkout" });
    vi.stubGlobal("XMLHttpRequest", class {});
  });

  it("keeps a failed request's method, scrubbed path without query, status and duration", async () => {
    vi.stubGlobal("window", { fetch: async () => new Response("{}", { status: 402 }) });
    captureNetwork(STRICT_PRIVACY, (e) => events.push(e), () => true, "https://glimpse.test");
    const res = await window.fetch(`/api/cards/4111111111111111/pay?email=${EMAIL}#x`, { method: "post" });
    expect(res.status).toBe(402);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      tag: "glimpse/network",
      payload: { method: "POST", url: "https://shop.test/api/cards/[card]/pay", status: 402, durationMs: expect.any(Number), failed: true },
    });
  });
});
