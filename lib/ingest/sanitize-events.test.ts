import { describe, expect, it } from "vitest";
import { sanitizeEvents } from "./sanitize-events";

const el = (tagName: string, attributes: Record<string, string> = {}, childNodes: unknown[] = []) => ({
  type: 2, tagName, attributes, childNodes, id: Math.floor(Math.random() * 1e6),
});

describe("sanitizeEvents", () => {
  it("drops base and meta refresh, strips handlers, srcdoc and javascript: URLs", () => {
    const snapshot = {
      type: 2,
      timestamp: 1,
      data: {
        node: el("html", {}, [
          el("head", {}, [el("base", { href: "https://evil.test/" }), el("meta", { "http-equiv": "Refresh", content: "0;url=https://evil.test" })]),
          el("body", { onload: "alert(1)" }, [
            el("a", { href: " JavaScript:alert(1)", title: "ok" }),
            el("iframe", { srcdoc: "<script>alert(1)</script>" }),
            el("img", { src: "/pic.png", onerror: "alert(1)" }),
          ]),
        ]),
      },
    };
    const mutation = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        adds: [{ parentId: 1, node: el("base", { href: "https://evil.test/" }) }, { parentId: 1, node: el("p") }],
        attributes: [{ id: 5, attributes: { href: "javascript:void(0)", onclick: "x()", class: "fine" } }],
        removes: [],
        texts: [],
      },
    };
    const [s, m] = sanitizeEvents([snapshot, mutation] as any) as any[];
    const json = JSON.stringify(s);
    expect(json).not.toMatch(/base|Refresh|onload|onerror|srcdoc|javascript/i);
    expect(json).toContain("/pic.png");
    expect(json).toContain('"title":"ok"');
    expect(m.data.adds).toHaveLength(1);
    expect(m.data.attributes[0].attributes).toEqual({ class: "fine" });
  });
});

describe("sanitizeEvents and rr_dataURL", () => {
  it("keeps an inline image but drops an rr_dataURL that would fetch a URL at replay", () => {
    const snapshot = {
      type: 2,
      timestamp: 1,
      data: { node: el("body", {}, [el("img", { rr_dataURL: "/api/v1/audit" }), el("canvas", { rr_dataURL: "data:image/png;base64,AAAA" })]) },
    };
    const mutation = { type: 3, timestamp: 2, data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 3, attributes: { rr_dataURL: "https://console.test/x" } }] } };
    const [s, m] = sanitizeEvents([snapshot, mutation] as any) as any[];
    const [img, canvas] = s.data.node.childNodes;
    expect(img.attributes).toEqual({});
    expect(canvas.attributes).toEqual({ rr_dataURL: "data:image/png;base64,AAAA" });
    expect(m.data.attributes[0].attributes).toEqual({});
  });
});

describe("sanitizeEvents and frames", () => {
  it("drops a frame's document, in a snapshot and in a mutation, and keeps the frame's box", () => {
    const frameDoc = { type: 0, id: 900, childNodes: [el("html", {}, [el("body", {}, [{ type: 3, id: 901, textContent: "frame secret" }])])] };
    const snapshot = { type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [el("html", {}, [el("body", {}, [el("iframe", { rr_width: "600px" }, [frameDoc])])])] } } };
    const attach = { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 7, nextId: null, node: { ...frameDoc, id: 902 } }, { parentId: 7, node: el("p") }], removes: [], texts: [], attributes: [] } };
    const text = JSON.stringify(sanitizeEvents([snapshot, attach] as never));
    expect(text).not.toContain("frame secret");
    expect(text).toContain('"tagName":"iframe"');
    expect(text).toContain('"tagName":"p"');
    expect((snapshot.data.node as { type: number }).type).toBe(0);
  });
});
