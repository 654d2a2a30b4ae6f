import { describe, expect, it } from "vitest";
import { consoleUrlMatcher, neutralizeConsoleUrls } from "./neutralize-console-urls";

const isConsole = consoleUrlMatcher("https://glimpse.example", "https://glimpse.example/recordings/abc");
const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id: 1, tagName, attributes, childNodes });

describe("neutralizeConsoleUrls", () => {
  it("removes relative, protocol-relative and console-origin URLs, and keeps the customer's", () => {
    const snapshot = {
      type: 2,
      timestamp: 1,
      data: {
        node: el("html", {}, [
          el("img", { src: "/api/v1/recordings/x/events", alt: "a" }),
          el("img", { src: "https://shop.example/logo.png" }),
          el("img", { rr_dataURL: "/api/v1/audit" }),
          el("canvas", { rr_dataURL: "data:image/png;base64,QUJD" }),
          el("img", { srcset: "/a.png 1x, https://shop.example/b.png 2x, //glimpse.example/c.png 3x" }),
          el("link", { rel: "stylesheet", href: "https://glimpse.example/api/v1/settings" }),
          el("video", { poster: "poster.png", src: "" }),
          el("div", { style: "background: url('/api/x'); color: red", background: "bg.png" }),
          el("style", {}, [{ type: 3, id: 2, textContent: "@import '/x.css'; a { background: url(https://shop.example/ok.png) }" }]),
          el("meta", { "http-equiv": "refresh", content: "0;url=/api/v1/audit" }),
          el("iframe", { srcdoc: "<script>alert(1)</script>", onload: "alert(2)" }),
          el("a", { href: " JavaScript:alert(3)", onclick: "alert(4)" }),
        ]),
      },
    };
    const out = JSON.stringify(neutralizeConsoleUrls(snapshot as any, isConsole));
    expect(out).not.toMatch(/\/api\/|poster\.png|bg\.png|a\.png|c\.png|x\.css|refresh|alert|srcdoc|onload|onclick/i);
    expect(out).toContain("https://shop.example/logo.png");
    expect(out).toContain("https://shop.example/b.png 2x");
    expect(out).toContain("https://shop.example/ok.png");
    expect(out).toContain("color: red");
    expect(out).toContain("data:image/png;base64,QUJD");
  });

  it("covers mutations, style changes, stylesheet rules and font sources", () => {
    const mutation = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        adds: [{ parentId: 1, node: el("img", { src: "x.gif" }) }],
        attributes: [{ id: 3, attributes: { href: "/steal", style: { background: "url(/a)", color: ["red", "important"] } } }],
        texts: [{ id: 4, value: "b { background: url(\"/b\") }" }],
        removes: [],
      },
    };
    const rule = { type: 3, timestamp: 3, data: { source: 8, id: 5, adds: [{ rule: "p { background: url(/c) }", index: 0 }] } };
    const decl = { type: 3, timestamp: 4, data: { source: 13, id: 5, index: [0], set: { property: "background", value: "url(/d)" } } };
    // rrweb's IncrementalSource.Font is 10 (7 is MediaInteraction, which a hand copy once took for fonts).
    const font = { type: 3, timestamp: 5, data: { source: 10, family: "x", fontSource: "url(/font.woff)", buffer: false } };
    const otherFont = { type: 3, timestamp: 6, data: { source: 10, family: "y", fontSource: "url(https://fonts.example/y.woff)", buffer: false } };
    const out = JSON.stringify([mutation, rule, decl].map((e) => neutralizeConsoleUrls(e as any, isConsole)));
    expect(out).not.toMatch(/x\.gif|\/steal|url\(\/a\)|\\"\/b\\"|url\(\/c\)|url\(\/d\)/);
    expect(out).toContain("important");
    expect(neutralizeConsoleUrls(font as any, isConsole)).toBeNull();
    expect(neutralizeConsoleUrls(otherFont as any, isConsole)).not.toBeNull();
  });
});
