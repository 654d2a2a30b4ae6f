import { describe, expect, it } from "vitest";
import type { Replayer } from "@rrweb/replay";
import { isPlainSheet, PlainSheetCache, skipPlainSheets } from "./skip-plain-sheets";

const plain = Array.from({ length: 50 }, (_, i) => `.c${i} { color: #${i}${i}${i}; }`).join("\n") + "\n@media (max-width: 600px) { .c1 { margin: 0; } }";

describe("skipPlainSheets", () => {
  it("answers a sheet that rrweb's replay pass would not change with itself, and leaves the others to the pass", () => {
    expect(isPlainSheet(plain)).toBe(true);
    expect(isPlainSheet(`${plain}\n.c2:hover { color: red; }`)).toBe(false);
    expect(isPlainSheet("@media (max-device-width: 600px) { .c1 { margin: 0; } }")).toBe(false);
    expect(isPlainSheet("@media (min-device-height: 600px) { .c1 { margin: 0; } }")).toBe(false);
    const cache = new PlainSheetCache();
    expect(cache.get(plain)).toBe(plain);
    expect(cache.get("a:hover{color:red}")).toBeUndefined();
    cache.set("a:hover{color:red}", "a:hover,a.\\:hover{color:red}");
    expect(cache.get("a:hover{color:red}")).toBe("a:hover,a.\\:hover{color:red}");
  });

  it("takes over the replayer's cache, keeping what it held", () => {
    const held = new Map([["b:hover{}", "b:hover,b.\\:hover{}"]]);
    const replayer = { cache: { stylesWithHoverClass: held } };
    skipPlainSheets(replayer as unknown as Replayer);
    const cache = replayer.cache.stylesWithHoverClass;
    expect(cache).toBeInstanceOf(PlainSheetCache);
    expect(cache.get("b:hover{}")).toBe("b:hover,b.\\:hover{}");
    expect(cache.get(plain)).toBe(plain);
  });
});
