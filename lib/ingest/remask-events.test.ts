import { describe, expect, it } from "vitest";
import { buildPrivacyConfig } from "../privacy/privacy-config";
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
  it("under strict masks text, masked attributes, values, input events and console text, but not CSS", () => {
    const out = JSON.stringify(remaskEvents(batch(), buildPrivacyConfig(site("strict"))));
    for (const secret of ["Jane", "jane", "hunter2", "FR-75001", "email="]) expect(out).not.toContain(secret);
    expect(out).toContain("body { color: red }");
    expect(out).toContain('"textContent":"** ****"');
    expect(out).toContain(`"text":"${INPUT_MASK}"`);
  });

  it("under balanced keeps page text but still masks inputs and all console text", () => {
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

  it("keeps a hash router's route in glimpse/nav, scrubbed and without its query, and drops other fragments", () => {
    const nav = (href: string) => ({ type: 5, timestamp: 40, data: { tag: "glimpse/nav", payload: { href } } });
    const hrefs = remaskEvents(
      [
        nav("https://shop.test/app?x=1#/search?q=jane"),
        nav("https://shop.test/app#!/users/jane.doe@example.com/orders"),
        nav("https://shop.test/app#access_token=eyJhbGciOi"),
        nav("https://shop.test/app#pay"),
      ],
      buildPrivacyConfig(site("strict")),
    ).map((e) => e.data.payload.href);
    expect(hrefs).toEqual(["https://shop.test/app#/search", "https://shop.test/app#!/users/[email]/orders", "https://shop.test/app", "https://shop.test/app"]);
  });

  it("is idempotent on the allowlisted events too", () => {
    for (const preset of ["strict", "balanced"]) {
      const config = buildPrivacyConfig(site(preset));
      const once = remaskEvents([...batch(), ...legitimate(), ...tampered()], config);
      expect(JSON.stringify(remaskEvents(structuredClone(once), config))).toBe(JSON.stringify(once));
    }
  });
});

describe("buildPrivacyConfig", () => {
  it("honours unmask only under balanced, and always masks sensitive inputs", () => {
    const strict = buildPrivacyConfig(site("strict"));
    expect(strict).toMatchObject({ maskAllText: true, maskTextSelector: "*", unmaskTextSelector: null });
    expect(strict.blockSelector).toContain("img");
    expect(strict.blockSelector).toContain("#chat");
    const balanced = buildPrivacyConfig(site("balanced"));
    expect(balanced).toMatchObject({ maskAllText: false, unmaskTextSelector: "[data-glimpse-unmask],.public", console: { maskText: true } });
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
