import { describe, expect, it } from "vitest";
import { buildPrivacyConfig } from "../privacy/privacy-config";
import { domContextFor } from "./dom-context-for";
import { remaskEvents } from "./remask-events";

const privacy = buildPrivacyConfig({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: ".notice" });
const snapshot = {
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "div", attributes: { class: "notice" }, childNodes: [{ type: 3, id: 3, textContent: "Saved" }] }] } },
};
// The class changes (the server stops unmasking the element) and a text is added under it, in one batch.
const mutation = (ts: number) => ({
  type: 3,
  timestamp: ts,
  data: { source: 0, removes: [], texts: [], attributes: [{ id: 2, attributes: { class: "notice open" } }], adds: [{ parentId: 2, nextId: null, node: { type: 3, id: 10 + ts, textContent: "Payment failed" } }] },
});

const ingest = (id: string, seq: number, nextSeq: number, events: unknown[]) => JSON.stringify(remaskEvents(structuredClone(events) as any, privacy, domContextFor(id, seq, nextSeq)));

describe("domContextFor", () => {
  it("masks a retried batch to the same bytes, so the store recognises the duplicate, and goes on from the stored one", () => {
    const id = `rec-${Math.random()}`;
    ingest(id, 0, 0, [snapshot]);
    const first = ingest(id, 1, 1, [mutation(2)]);
    expect(first).toContain("Payment failed");
    // Stored: a retry of it arrives with nextSeq already past it.
    expect(ingest(id, 1, 2, [mutation(2)])).toBe(first);
    // Not stored (the store failed): the same seq again.
    expect(ingest(id, 1, 1, [mutation(2)])).toBe(first);
    // The next batch sees the first one's change: the element no longer counts as unmasked.
    expect(ingest(id, 2, 2, [mutation(3)])).toContain("******* ******");
  });

  it("goes back over a full snapshot too: a retried batch that cleared the map masks as it did the first time", () => {
    const id = `rec-${Math.random()}`;
    ingest(id, 0, 0, [snapshot]);
    const plain = { type: 2, timestamp: 8, data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "div", attributes: {}, childNodes: [] }] } } };
    const add = (ts: number) => ({ ...mutation(ts), data: { ...mutation(ts).data, attributes: [] } });
    // A text added under the unmasked element, then a new snapshot in which it is no longer unmasked.
    const first = ingest(id, 1, 1, [add(6), plain]);
    expect(first).toContain("Payment failed");
    expect(ingest(id, 1, 1, [add(6), plain])).toBe(first);
    expect(ingest(id, 1, 2, [add(6), plain])).toBe(first);
    expect(ingest(id, 2, 2, [add(9)])).toContain("******* ******");
  });

  it("starts from nothing for a recording it does not know, and leaves out-of-order batches out", () => {
    const id = `rec-${Math.random()}`;
    expect(ingest(id, 5, 5, [mutation(2)])).toContain("******* ******");
    ingest(id, 6, 6, [snapshot]);
    ingest(id, 9, 7, [{ type: 2, timestamp: 9, data: { node: { type: 0, id: 1, childNodes: [] } } }]);
    expect(ingest(id, 7, 7, [{ ...mutation(2), data: { ...mutation(2).data, attributes: [] } }])).toContain("Payment failed");
  });
});
