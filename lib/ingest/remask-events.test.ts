import { describe, expect, it } from "vitest";
import { buildPrivacyConfig, parsePrivacyConfig } from "../privacy/privacy-config";
import { STRICT_PRIVACY } from "../privacy/privacy-rules";
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
  it("honours unmask under both presets, keeps only the selectors the server can match, and always masks sensitive inputs", () => {
    const strict = buildPrivacyConfig(site("strict"));
    expect(strict).toMatchObject({ maskAllText: true, maskTextSelector: "*", unmaskTextSelector: "[data-glimpse-unmask],.public" });
    expect(strict.blockSelector).toContain("img");
    expect(strict.blockSelector).toContain("#chat");
    // Saved before the rule: the part the server cannot match on a serialized tree is dropped, so that text stays masked.
    expect(buildPrivacyConfig({ ...site("strict"), unmaskSelectors: "nav, main > p, [role=alert]" }).unmaskTextSelector).toBe("[data-glimpse-unmask],nav,[role=alert]");
    const balanced = buildPrivacyConfig(site("balanced"));
    expect(balanced).toMatchObject({ maskAllText: false, unmaskTextSelector: "[data-glimpse-unmask],.public", console: { maskText: false } });
    // Typing into rich-text editors is masked like typing into inputs; the site's own selectors apply.
    expect(balanced.maskTextSelector.split(",")).toEqual(expect.arrayContaining(["[data-glimpse-mask]", "[role=textbox]", ".secret"]));
    expect(balanced.maskTextSelector).toContain("[contenteditable]");
    for (const c of [strict, balanced]) {
      expect(c.alwaysMaskInputSelector).toContain("input[type=password]");
      // The notice promises no images whatever the preset.
      expect(c.blockSelector.split(",")).toEqual(expect.arrayContaining(["img", "video", "canvas", "iframe", "svg image"]));
    }
  });

  it("is the recorder's fallback for a strict site without selectors: one definition for both", () => {
    expect(buildPrivacyConfig({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" })).toEqual(STRICT_PRIVACY);
  });
});

const EMAIL = "zelda.qm@privacy-canary.test";
const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
const text = (id: number, textContent: string) => ({ type: 3, id, textContent });

/** A page as a tampered recorder describes it: every text and value in clear. */
const tamperedPage = () => ({
  type: 2,
  timestamp: 1,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        el(2, "html", {}, [
          el(3, "body", {}, [
            el(4, "h1", { title: `For ${EMAIL}` }, [text(5, `Hello ${EMAIL}`)]),
            el(6, "p", { id: "shown-name" }, [text(7, "Zelda Quixote-Marsh")]),
            el(8, "div", { role: "alert" }, [text(9, "Payment failed")]),
            el(10, "input", { name: "fullname", value: "Zelda Typed", placeholder: "Zelda placeholder" }),
            el(11, "input", { type: "password", value: "hunter2" }),
            el(12, "input", { name: "card-number", value: "4242 4242 4242 4242" }),
            el(13, "div", { contenteditable: "" }, [text(14, "Zelda editable words")]),
            el(15, "div", { role: "textbox" }, [text(16, "Zelda textbox words")]),
            el(17, "section", { "data-glimpse-mask": "" }, [el(18, "button", {}, [text(19, "Zelda marked button")])]),
            el(20, "button", { "aria-label": `Close for ${EMAIL}` }, [text(21, "Pay now")]),
            el(22, "a", { href: `https://shop.test/users/${EMAIL}/orders?tab=1`, "data-user": EMAIL, class: "nav-link" }, [text(23, "Orders")]),
            el(24, "input", { type: "submit", value: "Pay now" }),
            el(25, "select", { value: "FR" }, [el(26, "option", {}, [text(27, "France")])]),
          ]),
        ]),
      ],
    },
  },
});

const nodeById = (events: any[], id: number) => {
  let found: any;
  const walk = (n: any) => {
    if (n?.id === id) found = n;
    for (const c of n?.childNodes ?? []) walk(c);
  };
  for (const e of events) if (e.type === 2) walk(e.data.node);
  return found;
};

describe("remaskEvents under strict with unmask selectors", () => {
  const config = (unmaskSelectors: string) => buildPrivacyConfig({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors });

  for (const unmask of ["*", "body"]) {
    it(`keeps the floor whatever the selector ("${unmask}"): field values, editables, textboxes, marked subtrees`, () => {
      const out = remaskEvents([tamperedPage()], config(unmask));
      const json = JSON.stringify(out);
      for (const secret of ["Zelda Typed", "hunter2", "4242", "editable words", "textbox words", "marked button", "Zelda placeholder", "privacy-canary", "tab=1", "France"]) {
        expect(json).not.toContain(secret);
      }
      for (const id of [10, 11, 12]) expect(nodeById(out, id).attributes.value).toBe(INPUT_MASK);
      expect(nodeById(out, 10).attributes.placeholder).toBe("***** ***********");
      expect(nodeById(out, 14).textContent).toBe(INPUT_MASK);
      expect(nodeById(out, 16).textContent).toBe(INPUT_MASK);
      expect(nodeById(out, 19).textContent).toBe("***** ****** ******");
      expect(nodeById(out, 27).textContent).toBe("******");
      // Shown, and scrubbed.
      expect(nodeById(out, 5).textContent).toBe("Hello [email]");
      expect(nodeById(out, 4).attributes.title).toBe("For [email]");
      expect(nodeById(out, 7).textContent).toBe("Zelda Quixote-Marsh");
      expect(nodeById(out, 22).attributes).toEqual({ href: "https://shop.test/users/[email]/orders", "data-user": "[email]", class: "nav-link" });
      expect(nodeById(out, 24).attributes.value).toBe("Pay now");
    });
  }

  it("masks text a tampered recorder sent in clear outside the unmask selectors, word by word, and scrubs the rest", () => {
    const out = remaskEvents([tamperedPage()], config("h1, button, [role=alert]"));
    expect(nodeById(out, 7).textContent).toBe("***** *************");
    expect(nodeById(out, 23).textContent).toBe("******");
    expect(nodeById(out, 5).textContent).toBe("Hello [email]");
    expect(nodeById(out, 9).textContent).toBe("Payment failed");
    expect(nodeById(out, 21).textContent).toBe("Pay now");
    expect(nodeById(out, 20).attributes["aria-label"]).toBe("Close for [email]");
    expect(nodeById(out, 19).textContent).toBe("***** ****** ******");
    // A submit button's value is its label: masked like text outside the selectors, never as a fixed-length value.
    expect(nodeById(out, 24).attributes.value).toBe("*** ***");
    expect(JSON.stringify(out)).not.toMatch(/Zelda|privacy-canary|hunter2|4242/);
  });

  it("places a later batch's changes with what earlier batches said, and masks what it cannot place", () => {
    const privacy = config("[role=alert]");
    const dom = new Map();
    remaskEvents([tamperedPage()], privacy, dom);
    const mutation = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        removes: [{ parentId: 8, id: 9 }],
        adds: [
          { parentId: 8, nextId: null, node: text(30, `Card 4242 4242 4242 4242 refused for ${EMAIL}`) },
          { parentId: 6, nextId: null, node: text(31, "Zelda Quixote-Marsh again") },
          { parentId: 999, nextId: null, node: el(32, "div", { role: "alert" }, [text(33, "Zelda from nowhere")]) },
          { parentId: 3, nextId: null, node: el(34, "div", { role: "alert" }, [text(35, "Saved")]) },
        ],
        texts: [
          { id: 30, value: `Still failing for ${EMAIL}` },
          { id: 7, value: "Zelda changed" },
          { id: 14, value: "Zelda typed more" },
          { id: 777, value: "Zelda unknown" },
        ],
        attributes: [
          { id: 8, attributes: { "aria-label": `Alert for ${EMAIL}` } },
          { id: 10, attributes: { value: "Zelda typed again" } },
          { id: 888, attributes: { value: "Zelda unknown value", title: "Zelda unknown title" } },
        ],
      },
    };
    const [out] = remaskEvents([mutation], privacy, dom);
    expect(out!.data.adds.map((a: any) => a.node.textContent ?? a.node.childNodes[0].textContent)).toEqual([
      "Card [card] refused for [email]",
      "***** ************* *****",
      "***** **** *******",
      "Saved",
    ]);
    expect(out!.data.texts.map((t: any) => t.value)).toEqual(["Still failing for [email]", "***** *******", INPUT_MASK, "***** *******"]);
    expect(out!.data.attributes.map((a: any) => a.attributes)).toEqual([
      { "aria-label": "Alert for [email]" },
      { value: INPUT_MASK },
      { value: INPUT_MASK, title: "***** ******* *****" },
    ]);
  });

  it("masks an element's later text once a change puts it under the floor", () => {
    const privacy = config("[role=alert]");
    const dom = new Map();
    remaskEvents([tamperedPage()], privacy, dom);
    const change = (ts: number, data: Record<string, unknown>) => ({ type: 3, timestamp: ts, data: { source: 0, removes: [], adds: [], texts: [], attributes: [], ...data } });
    remaskEvents([change(2, { attributes: [{ id: 8, attributes: { contenteditable: "true" } }] })], privacy, dom);
    const [out] = remaskEvents([change(3, { texts: [{ id: 9, value: "Zelda typed into the alert" }] })], privacy, dom);
    expect(out!.data.texts[0].value).toBe(INPUT_MASK);
  });

  it("masks every text of a batch whose page it never saw (a restart), under strict", () => {
    const [out] = remaskEvents(
      [{ type: 3, timestamp: 2, data: { source: 0, removes: [], attributes: [], texts: [{ id: 9, value: "Zelda" }], adds: [{ parentId: 8, nextId: null, node: text(40, "Payment failed") }] } }],
      config("[role=alert]"),
    );
    expect(out!.data.adds[0].node.textContent).toBe("******* ******");
    expect(out!.data.texts[0].value).toBe("*****");
  });
});

describe("masks", () => {
  it("are word-shaped for text, whitespace kept, and fixed-length for field values", () => {
    const privacy = buildPrivacyConfig(site("strict"));
    const out = remaskEvents(
      [
        { type: 2, timestamp: 1, data: { node: el(1, "div", {}, [text(2, "Order  shipped\n to Zelda"), el(3, "input", { value: "a" }), el(4, "input", { value: "4242 4242 4242 4242 and more" })]) } },
        { type: 3, timestamp: 2, data: { source: 5, id: 3, text: "x" } },
        { type: 3, timestamp: 3, data: { source: 5, id: 4, text: "a much longer typed value" } },
      ],
      privacy,
    );
    expect(nodeById(out, 2).textContent).toBe("*****  *******\n ** *****");
    expect(nodeById(out, 3).attributes.value).toBe(INPUT_MASK);
    expect(nodeById(out, 4).attributes.value).toBe(INPUT_MASK);
    expect(out[1]!.data.text).toBe(INPUT_MASK);
    expect(out[2]!.data.text).toBe(INPUT_MASK);
  });

  it("mask the same bytes again, for each preset and selector list", () => {
    for (const [preset, unmask] of [["strict", ""], ["strict", "h1, [role=alert]"], ["strict", "*"], ["balanced", ""]]) {
      const privacy = buildPrivacyConfig({ privacyPreset: preset!, maskSelectors: ".secret", blockSelectors: "", unmaskSelectors: unmask! });
      const once = remaskEvents([tamperedPage()], privacy);
      expect(remaskEvents(structuredClone(once), privacy)).toEqual(once);
    }
  });
});
