import { describe, expect, it } from "vitest";
import { buildPrivacyConfig } from "./privacy-config";
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

  it("under balanced keeps page text but still masks inputs and drops other console levels' text", () => {
    const out = JSON.stringify(remaskEvents(batch(), buildPrivacyConfig(site("balanced"))));
    expect(out).toContain("Hi Jane");
    expect(out).toContain("failed for jane@example.com");
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("FR-75001");
    expect(out.match(/jane@example.com/g)).toHaveLength(1);
  });

  it("is idempotent, so a retried batch masks to the same bytes", () => {
    const config = buildPrivacyConfig(site("strict"));
    const once = remaskEvents(batch(), config);
    expect(remaskEvents(structuredClone(once), config)).toEqual(once);
  });
});

describe("buildPrivacyConfig", () => {
  it("honours unmask only under balanced, and always masks sensitive inputs", () => {
    const strict = buildPrivacyConfig(site("strict"));
    expect(strict).toMatchObject({ maskAllText: true, maskTextSelector: "*", unmaskTextSelector: null });
    expect(strict.blockSelector).toContain("img");
    expect(strict.blockSelector).toContain("#chat");
    const balanced = buildPrivacyConfig(site("balanced"));
    expect(balanced).toMatchObject({ maskAllText: false, unmaskTextSelector: "[data-glimpse-unmask],.public", maskTextSelector: "[data-glimpse-mask],.secret" });
    for (const c of [strict, balanced]) expect(c.alwaysMaskInputSelector).toContain("input[type=password]");
  });
});
