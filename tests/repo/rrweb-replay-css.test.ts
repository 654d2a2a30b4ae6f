import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// components/player/adapt-sheets-for-replay.ts answers rrweb's cache of adapted sheets with the result of rrweb's postcss
// pass, computed without postcss. That holds only while rrweb's build reads as it does in 2.1.6: the cache first, then a
// pass with these two plugins and nothing else. An upgrade that changes any of it fails here instead of replaying wrong
// styles (adapt-sheets-for-replay.test.ts compares the two results on many sheets, with whatever rrweb is installed).
// The build the console's bundle takes: the package's "import" entry.
const dist = readFileSync(path.resolve(import.meta.dirname, "../../node_modules/@rrweb/replay/dist/replay.js"), "utf8");
const body = (head: string) => {
  const start = dist.indexOf(head);
  expect(start, head).toBeGreaterThanOrEqual(0);
  return dist.slice(start, dist.indexOf("\n}\n", start));
};

describe("@rrweb/replay adapts stylesheets as adapt-sheets-for-replay.ts expects", () => {
  it("looks in the replayer's cache first, and passes a sheet through exactly two plugins", () => {
    const adapt = body("function adaptCssForReplay(cssText, cache) {");
    expect(adapt).toContain("const cachedStyle = cache == null ? void 0 : cache.stylesWithHoverClass.get(cssText);\n  if (cachedStyle) return cachedStyle;");
    expect(adapt.replace(/\s+/g, " ")).toContain("postcss$1([ mediaSelectorPlugin, pseudoClassPlugin ]).process(cssText)");
    // The definition and its four calls: each takes the replayer's cache.
    expect(dist.split("adaptCssForReplay(").length - 1).toBe(5);
    expect(dist.match(/adaptCssForReplay\([^;{]*?(this\.)?cache\)/g)).toHaveLength(5);
  });

  it("changes only device-width queries and :hover selectors", () => {
    expect(dist).toContain("const MEDIA_SELECTOR = /(max|min)-device-(width|height)/;");
    const media = body("const mediaSelectorPlugin = {");
    expect(media).toContain("if (atrule.params.match(MEDIA_SELECTOR_GLOBAL)) {");
    const hover = body("const pseudoClassPlugin = {");
    expect(hover).toContain('if (selector.includes(":hover")) {');
    expect(hover.match(/rule2\.\w+ [+]?=/g)).toEqual(["rule2.selector +="]);
  });

  it("keeps one cache per replayer, made in its constructor or by resetCache", () => {
    expect(dist.match(/__publicField\(this, "cache"/g)).toEqual(['__publicField(this, "cache"']);
    expect(dist).toContain('__publicField(this, "cache", createCache());');
    expect(dist.match(/this\.cache = /g)).toHaveLength(1);
    expect(body("  resetCache() {")).toContain("this.cache = createCache();");
  });
});
