import { describe, expect, it } from "vitest";
import { isMasked, listVisibleTexts } from "./list-visible-texts";

const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
const txt = (id: number, textContent: string, isStyle?: boolean) => ({ type: 3, id, textContent, ...(isStyle ? { isStyle } : {}) });

function snapshot(body: unknown[], head: unknown[] = []) {
  return {
    type: 2,
    timestamp: 1,
    data: { node: { type: 0, id: 1, childNodes: [el(2, "html", {}, [el(3, "head", {}, head), el(4, "body", {}, body)])] }, initialOffset: { top: 0, left: 0 } },
  };
}

describe("listVisibleTexts", () => {
  it("lists the texts and labelling attributes kept in clear, once each with a count, and leaves out masked ones", () => {
    const events = [
      snapshot(
        [
          el(10, "h1", {}, [txt(11, "  Your   basket ")]),
          el(12, "p", { id: "who" }, [txt(13, "*** ******")]),
          el(14, "button", { "aria-label": "Pay now", title: "****" }, [txt(15, "Pay")]),
          el(16, "input", { type: "text", value: "********", placeholder: "Your name" }),
          el(17, "p", {}, [txt(18, "Your basket")]),
          el(19, "script", {}, [txt(20, "var secret = 1")]),
        ],
        [el(5, "style", {}, [txt(6, "h1 { color: red }", true)])],
      ),
      { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 4, node: el(30, "div", { role: "alert" }, [txt(31, "Card declined")]) }], removes: [], attributes: [{ id: 14, attributes: { title: "Pay with card", class: "x" } }], texts: [{ id: 13, value: "******" }, { id: 11, value: "Basket updated" }] } },
      { type: 3, timestamp: 3, data: { source: 5, id: 16, text: "*****", isChecked: false } },
      { type: 3, timestamp: 4, data: { source: 5, id: 16, text: "leaked", isChecked: false } },
      { type: 6, timestamp: 5, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ['"Payment failed:"', '"********"'], trace: [] } } },
      { type: 5, timestamp: 6, data: { tag: "glimpse/network", payload: { method: "POST", url: "https://shop.example/api/pay", status: 402 } } },
      { type: 3, timestamp: 7, data: { source: 2, type: 2, id: 14, x: 1, y: 2 } },
    ];
    const { items, omitted } = listVisibleTexts(events);
    expect(omitted).toBe(0);
    expect(items).toEqual([
      { kind: "text", name: null, value: "Your basket", count: 2 },
      { kind: "attribute", name: "aria-label", value: "Pay now", count: 1 },
      { kind: "text", name: null, value: "Pay", count: 1 },
      { kind: "attribute", name: "placeholder", value: "Your name", count: 1 },
      { kind: "text", name: null, value: "Card declined", count: 1 },
      { kind: "attribute", name: "title", value: "Pay with card", count: 1 },
      { kind: "text", name: null, value: "Basket updated", count: 1 },
      { kind: "value", name: null, value: "leaked", count: 1 },
      { kind: "console", name: null, value: "Payment failed:", count: 1 },
      { kind: "request", name: "POST", value: "https://shop.example/api/pay", count: 1 },
    ]);
    const values = items.map((i) => i.value).join("\n");
    for (const hidden of ["var secret", "color: red", "***"]) expect(values).not.toContain(hidden);
  });

  it("treats only mask characters and spaces as masked", () => {
    expect(isMasked("** ***\n *")).toBe(true);
    expect(isMasked("")).toBe(true);
    expect(isMasked("*** 42")).toBe(false);
    expect(isMasked("Order *1001")).toBe(false);
  });
});
