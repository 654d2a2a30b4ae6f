import { describe, expect, it } from "vitest";
import { buildPrivacyConfig, parsePrivacyConfig } from "../privacy/privacy-config";
import { INPUT_MASK, remaskEvents } from "./remask-events";

const site = (privacyPreset: string) => ({ privacyPreset, maskSelectors: ".secret", blockSelectors: "#chat", unmaskSelectors: ".public" });

const batch = () => [
  {
    type: 2,
    timestamp: 1,
    data: {
      node: {
        type: 0,
        childNodes: [
          { type: 2, tagName: "style", attributes: {}, childNodes: [{ type: 3, textContent: "body { color: red }", isStyle: true }] },
          { type: 2, tagName: "h1", attributes: { title: "Jane Doe" }, childNodes: [{ type: 3, textContent: "Hi Jane" }] },
          { type: 2, tagName: "select", attributes: { value: "FR-75001" }, childNodes: [] },
        ],
      },
    },
  },
  { type: 3, timestamp: 2, data: { source: 5, id: 3, text: "hunter2" } },
  { type: 6, timestamp: 3, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ["failed for jane@example.com"], trace: ["at x"] } } },
  { type: 6, timestamp: 4, data: { plugin: "rrweb/console@1", payload: { level: "log", payload: ["jane@example.com"], trace: [] } } },
  { type: 5, timestamp: 5, data: { tag: "glimpse/network", payload: { method: "GET", url: "https://shop.test/api?email=jane", status: 500 } } },
];

describe("remaskEvents", () => {
  it("under strict masks text, masked attributes, values and input events, scrubs console text, but keeps CSS", () => {
    const out = JSON.stringify(remaskEvents(batch(), buildPrivacyConfig(site("strict"))));
    for (const secret of ["Jane", "jane", "hunter2", "FR-75001", "email="]) expect(out).not.toContain(secret);
    expect(out).toContain("body { color: red }");
    expect(out).toContain('"textContent":"** ****"');
    expect(out).toContain(`"text":"${INPUT_MASK}"`);
  });

  it("under balanced keeps page text but still masks inputs and scrubs console text", () => {
    const out = JSON.stringify(remaskEvents(batch(), buildPrivacyConfig(site("balanced"))));
    expect(out).toContain("Hi Jane");
    expect(out).not.toContain("failed for jane@example.com");
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("FR-75001");
    expect(out.match(/jane@example.com/g)).toBeNull();
  });

  it("is idempotent, so a retried batch masks to the same bytes", () => {
    const config = buildPrivacyConfig(site("strict"));
    const once = remaskEvents(batch(), config);
    expect(remaskEvents(structuredClone(once), config)).toEqual(once);
  });
});

/** What recorder/recorder.ts and recorder/capture.ts emit besides rrweb's own page events. */
const legitimate = () => [
  { type: 0, timestamp: 10, data: {} },
  { type: 1, timestamp: 11, data: {} },
  { type: 4, timestamp: 12, data: { href: "https://shop.test/checkout", width: 1280, height: 720 } },
  { type: 3, timestamp: 13, data: { source: 2, type: 2, id: 7, x: 10, y: 20 } },
  { type: 5, timestamp: 14, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/cart" } } },
  { type: 5, timestamp: 15, data: { tag: "glimpse/network", payload: { method: "POST", url: "https://shop.test/api/pay", status: 502, durationMs: 1234, failed: true } } },
  { type: 5, timestamp: 16, data: { tag: "glimpse/stopped", payload: { reason: "mutation_limit" } } },
  { type: 5, timestamp: 16, data: { tag: "glimpse/alive", payload: {} } },
  { type: 6, timestamp: 17, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ["********"], trace: [] } } },
];

/** What a tampered recorder could send to smuggle text past the masking. */
const tampered = () => [
  { type: 5, timestamp: 20, data: { tag: "keylog", payload: { typed: "4111 1111 1111 1111" } } },
  { type: 6, timestamp: 21, data: { plugin: "evil/keylog@1", payload: { typed: "4111 1111 1111 1111" } } },
  {
    type: 5,
    timestamp: 22,
    data: {
      tag: "glimpse/network",
      payload: { method: "POST", url: "https://shop.test/login?user=jane", status: 200, durationMs: 5, failed: false, body: "password=hunter2", headers: { cookie: "sid=s3cret" } },
      extra: "jane@example.com",
    },
  },
  { type: 4, timestamp: 23, data: { href: "https://shop.test/account?email=jane@example.com#token=s3cret", width: 800, height: 600, note: "hunter2" } },
  { type: 5, timestamp: 24, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/p?card=4111#x", typed: "hunter2" } } },
  { type: 5, timestamp: 25, data: { tag: "glimpse/stopped", payload: { reason: "4111 1111 1111 1111", typed: "hunter2" } } },
  { type: 6, timestamp: 26, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: [{ card: "4111 1111 1111 1111" }], trace: [], typed: "hunter2" } } },
  { type: 6, timestamp: 27, data: { plugin: "rrweb/console@1", payload: { level: "4111 1111 1111 1111", payload: [], trace: [] } } },
  { type: 5, timestamp: 28, data: { tag: "glimpse/network", payload: { method: "4111-1111-1111-1111", url: "https://shop.test/x", status: "hunter2", durationMs: "jane", failed: "yes" } } },
  { type: 3, timestamp: 29, data: { source: 2, type: 2, id: 7, x: 1, y: 2 }, keylog: "hunter2" },
  { type: 5, timestamp: 30, data: { tag: "glimpse/nav", payload: "hunter2" } },
  { type: 5, timestamp: 30, data: { tag: "glimpse/alive", payload: { typed: "hunter2" } } },
  { type: 5, timestamp: 31, data: "hunter2" },
];

describe("remaskEvents allowlist", () => {
  for (const preset of ["strict", "balanced"]) {
    it(`under ${preset} keeps what the recorder emits and drops or rebuilds everything else`, () => {
      const config = buildPrivacyConfig(site(preset));
      expect(remaskEvents(legitimate(), config)).toEqual(legitimate());

      const out = remaskEvents(tampered(), config);
      const text = JSON.stringify(out);
      for (const secret of ["4111", "hunter2", "s3cret", "jane", "keylog", "evil", "body", "cookie", "typed", "extra", "note", "?", "#"]) {
        expect(text).not.toContain(secret);
      }
      expect(out).toEqual([
        { type: 5, timestamp: 22, data: { tag: "glimpse/network", payload: { method: "POST", url: "https://shop.test/login", status: 200, durationMs: 5, failed: false } } },
        { type: 4, timestamp: 23, data: { href: "https://shop.test/account", width: 800, height: 600 } },
        { type: 5, timestamp: 24, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/p" } } },
        { type: 5, timestamp: 25, data: { tag: "glimpse/stopped", payload: { reason: "other" } } },
        { type: 6, timestamp: 26, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ["********"], trace: [] } } },
        { type: 5, timestamp: 28, data: { tag: "glimpse/network", payload: { method: "OTHER", url: "https://shop.test/x" } } },
        { type: 3, timestamp: 29, data: { source: 2, type: 2, id: 7, x: 1, y: 2 } },
        { type: 5, timestamp: 30, data: { tag: "glimpse/alive", payload: {} } },
      ]);
    });
  }

  it("is idempotent on the allowlisted events too", () => {
    for (const preset of ["strict", "balanced"]) {
      const config = buildPrivacyConfig(site(preset));
      const once = remaskEvents([...batch(), ...legitimate(), ...tampered()], config);
      expect(JSON.stringify(remaskEvents(structuredClone(once), config))).toBe(JSON.stringify(once));
    }
  });
});

const CONSOLE = "rrweb/console@1";
const consoleEvent = (timestamp: number, payload: unknown) => ({ type: 6, timestamp, data: { plugin: CONSOLE, payload } });

describe("remaskEvents on console and network events", () => {
  const config = buildPrivacyConfig(site("strict"));
  const deep = Array.from({ length: 30 }, (_, i) => `f${i} (https://shop.test/app.js:${i + 1}:1)`);
  const tampered = () => [
    consoleEvent(1, {
      level: "error",
      payload: ["Uncaught", "TypeError: no total for jane.doe@example.com", { card: "4111 1111 1111 1111" }, "x".repeat(5000)],
      trace: [
        "pay (https://shop.test/app.js?token=s3cr3t-abc:12:7)",
        "https://shop.test/u/jane.doe@example.com/app.js#sid=s3cret:3:4",
        "    at Object.load (https://admin:hunter2@shop.test/boot.js:1:9)",
        "a note with jane.doe@example.com that is no frame",
        42,
        ...deep,
      ],
    }),
    consoleEvent(2, { level: "warn", payload: ["ok"], trace: "pay@https://shop.test/app.js?token=s3cr3t-abc:1:2\nmore jane.doe@example.com" }),
    { type: 5, timestamp: 3, data: { tag: "glimpse/network", payload: { method: "POST", url: "https://shop.test/api/cards/4111111111111111/pay?email=jane.doe@example.com", status: 402, durationMs: 87, failed: true } } },
    { type: 5, timestamp: 4, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/users/jane.doe@example.com/orders?x=1" } } },
  ];

  it("scrubs every console string and frame, reduces frames to url:line:col, and caps them", () => {
    const out = remaskEvents(tampered(), config);
    const text = JSON.stringify(out);
    for (const secret of ["jane", "4111", "s3cr3t", "s3cret", "token=", "sid=", "hunter2", "admin", "no frame"]) expect(text).not.toContain(secret);
    const [error, warning, network, nav] = out.map((e) => e.data.payload);
    expect(error.payload).toEqual(["Uncaught", "TypeError: no total for [email]", INPUT_MASK, "x".repeat(1000)]);
    expect(error.trace.slice(0, 4)).toEqual([
      "pay (https://shop.test/app.js:12:7)",
      "https://shop.test/u/[email]/app.js:3:4",
      "Object.load (https://shop.test/boot.js:1:9)",
      "f0 (https://shop.test/app.js:1:1)",
    ]);
    expect(error.trace).toHaveLength(20);
    expect(warning).toEqual({ level: "warn", payload: ["ok"], trace: ["pay (https://shop.test/app.js:1:2)"] });
    expect(network).toEqual({ method: "POST", url: "https://shop.test/api/cards/[card]/pay", status: 402, durationMs: 87, failed: true });
    expect(nav).toEqual({ href: "https://shop.test/users/[email]/orders" });
    expect(remaskEvents(structuredClone(out), config)).toEqual(out);
  });

  it("keeps a recording made under the old snapshot (console.maskText) masked as its notice promised", () => {
    const old = parsePrivacyConfig(JSON.stringify({ ...config, console: { levels: ["error", "warn"], maskText: true } }));
    expect(old.console.maskText).toBe(true);
    expect(config.console.maskText).toBe(false);
    const [error] = remaskEvents(tampered(), old).map((e) => e.data.payload);
    expect(error.trace).toEqual([]);
    for (const p of error.payload) expect(p).toMatch(/^[* ]+$/);
  });
});

describe("buildPrivacyConfig", () => {
  it("honours unmask only under balanced, and always masks sensitive inputs", () => {
    const strict = buildPrivacyConfig(site("strict"));
    expect(strict).toMatchObject({ maskAllText: true, maskTextSelector: "*", unmaskTextSelector: null });
    expect(strict.blockSelector).toContain("img");
    expect(strict.blockSelector).toContain("#chat");
    const balanced = buildPrivacyConfig(site("balanced"));
    expect(balanced).toMatchObject({ maskAllText: false, unmaskTextSelector: "[data-glimpse-unmask],.public", console: { maskText: false } });
    // Typing into rich-text editors is masked like typing into inputs; the site's own selectors apply.
    expect(balanced.maskTextSelector.split(",")).toEqual(expect.arrayContaining(["[data-glimpse-mask]", "[role=textbox]", ".secret"]));
    expect(balanced.maskTextSelector).toContain("[contenteditable]");
    for (const c of [strict, balanced]) {
      expect(c.alwaysMaskInputSelector).toContain("input[type=password]");
      // The notice promises no images whatever the preset.
      expect(c.blockSelector.split(",")).toEqual(expect.arrayContaining(["img", "video", "canvas", "iframe"]));
    }
  });
});
