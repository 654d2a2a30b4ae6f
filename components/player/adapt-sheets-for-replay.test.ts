import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Replayer } from "@rrweb/replay";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdaptedSheetCache, adaptSheetForReplay, adaptSheetsForReplay, isPlainSheet, splitSelectors } from "./adapt-sheets-for-replay";

// rrweb's own pass, out of the build the console bundles (adaptCssForReplay is not exported; the build imports nothing).
const root = path.resolve(import.meta.dirname, "../..");
const dist = readFileSync(path.join(root, "node_modules/@rrweb/replay/dist/replay.js"), "utf8");
const rrweb = new Function(`"use strict";\n${dist.replace(/export \{\s*Replayer\s*\};/, "")}\nreturn { adaptCssForReplay, createCache };`)() as {
  adaptCssForReplay: (css: string, cache: unknown) => string;
  createCache: () => unknown;
};

/** rrweb's result, or null where postcss rejected the sheet (rrweb then warns and gives it back as it is). */
function rrwebAdapts(css: string): string | null {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const out = rrweb.adaptCssForReplay(css, rrweb.createCache());
    return warn.mock.calls.length > 0 ? null : out;
  } finally {
    warn.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const cases: Record<string, string> = {
  list: "a:hover, b , c:hover > d { color: red }",
  functional: ".x:is(a, b:hover), :not(:hover) span, [data-x=\"a,b:hover\"] { color: red }",
  escapes: ".a\\:hover, .b\\,c:hover, .\\31 0:hover, .e\\ :hover { x: y }",
  nested: ".card { color: red; &:hover { color: blue; } .title:hover & { x: y } @media (max-device-width: 600px) { &:hover { z: w } } }",
  media: "@media screen and (max-device-width: 600px), (min-device-height:3px) { a:hover { x: y } }\n@media(min-device-width:1px){b{c:d}}",
  supports: "@supports (display: grid) { @media (max-device-width: 4px) { .g:hover { x: y } } }",
  import: '@import url("x.css") screen and (max-device-width: 600px);\n@import url(y.css);a:hover{b:c}',
  layers: "@layer base, ui;\n@layer ui { button:hover { x: y } }",
  keyframes: "@keyframes spin { from { transform: rotate(0) } 50%{x:y} to { transform: rotate(1turn) } } a:hover{animation:spin 1s}",
  fontFace: '@font-face { font-family: "F"; src: url(data:font/woff2;base64,AAA=) format("woff2"), url(\'f.woff\'); } p:hover { font-family: F }',
  urls: "a:hover { background: url(a{b};c.png) } b:hover{background:url( 'x;}{.png' )} c:hover { background: url(\"q)\") } d:hover{x:url(a\\)b)}",
  strings: 'a:hover::after { content: "}{;:hover\\"" } b[title=\'{\']:hover { x: y }',
  comments: "/* a:hover { } */ a:hover /* after */ { x: y } /* b */ b { c: d }",
  commentInSelector: "a /* c */:hover { x: y }",
  customProperty: ":root { --x: { a:hover { } }; --y: 1px } a:hover { color: var(--x) }",
  empty: "{} ;; a:hover{} b:hover { }",
  crlf: "a:hover,\r\nb:hover\r\n{\r\n\tcolor:red;\r\n}\r\n",
  unicode: ".é:hover, .😀:hover\u00a0{ x: y }",
  page: "@page :first { margin: 1in } @media print { a:hover { x: y } }",
  parens: "a:hover:has(> b, (c)) { x: y } e:hover:nth-child(2n+1 of .z, .w) { x: y }",
  topLevelDecl: "color: red; a:hover { x: y }",
  important: "a:hover { color: red !important; } @media (max-device-width: 1px) and (orientation: landscape) { }",
  noSemicolonLast: "a:hover { color: red } b:hover { x: y",
  strayClose: "a:hover { x: y } }",
  unknownWord: "a:hover { x: y } garbage; b:hover { }",
  unclosedString: 'a:hover { content: "x }',
  unclosedComment: "a:hover { x: y } /* never",
  unclosedUrl: "a:hover { background: url(x.png }",
  unclosedBracket: "a:hover[x { y: z }",
  unnamedAt: "@ { } a:hover { }",
  missedSemicolon: "a:hover { color: red background: blue } b:hover { x: y }",
  deviceInString: 'a::after { content: "min-device-width" } @media (min-device-width: 1px) { a:hover { x: y } }',
  atRuleEndsBlock: "@media screen { @import x screen and (max-device-width: 1px) } a:hover{}",
  atRuleAtEnd: "a:hover{} @media (max-device-width: 1px)",
  bracketsInAtRule: "@media ({) { a:hover { } } b:hover{}",
};

/** Files of real sites' and tools' CSS on this machine, with a :hover rule and a device-width query added. */
function realSheets(): [string, string][] {
  const found: [string, string][] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory() && depth < 8) walk(file, depth + 1);
      else if (name.endsWith(".css") && stat.size > 200) found.push([path.relative(root, file), readFileSync(file, "utf8")]);
    }
  };
  walk(path.join(root, "node_modules"), 0);
  walk(path.join(root, "app"), 0);
  walk(path.join(root, "components"), 0);
  return found.map(([name, css]) => [name, `${css}\n.glimpse-test:hover, x { color: red }\n@media (max-device-width: 600px) { .y:hover { x: y } }`]);
}

function seeded(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Sheets pieced together at random from fragments that touch every branch of the reading, broken ones too. */
function chaoticSheets(count: number): string[] {
  const pieces = [
    "a:hover", "b", ", ", ",", " ", "\n", "{", "}", ";", ":", "::before", ":hover", "(", ")", "[", "]", '"x,{;}"', "'y'", "/* c */",
    "url(a{b})", "url( 'u' )", "url(", "\\:", "\\", "@media (max-device-width: 1px)", "@media", "@supports (a:b)", "@import x;", "@",
    "--v:", "color: red", "x:y;", ":is(a,b:hover)", ".c\\,d", "&:hover", "min-device-height", "(max-device-width:2px)", "\t", "\r\n",
    "/*# sourceMappingURL=x.map */",
  ];
  const random = seeded(12345);
  return Array.from({ length: count }, () => Array.from({ length: 4 + Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join(""));
}

/** Well-formed sheets at random: rules, nested rules, at-rules, comments, strings and urls in every place they may go. */
function wellFormedSheets(count: number): string[] {
  const random = seeded(777);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const space = () => pick(["", " ", "  ", "\n", "\t", "\r\n", " /* c */ ", "\n\n"]);
  const simple = () => pick(["a", ".b", "#c", "[d]", '[e="f,g"]', "h:hover", ".i\\:hover", ":is(j, k:hover)", "l::after", "&:hover", "m:not(:hover)", "n:hover > o", "*", ":root"]);
  const selector = (): string => Array.from({ length: 1 + Math.floor(random() * 3) }, simple).join(pick([", ", ",", " ,\n", " "]));
  const value = () => pick(["red", "1px solid #000", 'url("a b.png")', "url(c.png)", "url( 'd' )", '"x{y};z"', "var(--v, 1px)", "calc(1px + 2%)", "0 !important"]);
  const decl = () => `${pick(["color", "margin", "--custom", "background"])}${space()}:${space()}${value()}`;
  const declarations = () => Array.from({ length: Math.floor(random() * 4) }, decl).join(";" + space()) + pick(["", ";", "; "]);
  const media = () => pick(["(max-device-width: 600px)", "screen and (min-device-height:1px)", "(max-width: 3px)", "print", "(min-device-width:1px), (orientation: landscape)"]);
  const block = (depth: number): string => {
    const parts: string[] = [];
    for (let n = Math.floor(random() * 4); n > 0; n--) {
      const r = random();
      if (r < 0.5 || depth > 2) parts.push(`${selector()}${space()}{${space()}${declarations()}${space()}${depth < 2 && random() < 0.3 ? block(depth + 1) : ""}}`);
      else if (r < 0.65) parts.push(`@media${pick([" ", ""])}${media()}${space()}{${block(depth + 1)}}`);
      else if (r < 0.72) parts.push(`@supports (display: grid)${space()}{${block(depth + 1)}}`);
      else if (r < 0.78) parts.push(`@import url("x.css") ${media()};`);
      else if (r < 0.84) parts.push(pick(["/* note */", "/*# sourceMappingURL=s.css.map */", "/* # sourceMappingURL=t.map */", "/**/"]));
      else if (r < 0.9) parts.push(`@font-face { font-family: "F"; src: url(data:font/woff2;base64,AAA=) }`);
      else if (r < 0.95) parts.push(";");
      else parts.push(`@keyframes k { from { opacity: 0 } 50% { opacity: .5 } to { opacity: 1 } }`);
    }
    return parts.join(space());
  };
  return Array.from({ length: count }, () => space() + block(0) + space());
}

describe("adaptSheetForReplay", () => {
  it("gives back what rrweb's pass gives, byte for byte, for every sheet that pass accepts", () => {
    const differ: string[] = [];
    let compared = 0;
    for (const [name, css] of [...Object.entries(cases), ...realSheets(), ...wellFormedSheets(10_000).map((css, i) => [`well-formed ${i}`, css] as const), ...chaoticSheets(10_000).map((css, i) => [`chaotic ${i}`, css] as const)]) {
      const ours = adaptSheetForReplay(css);
      const theirs = rrwebAdapts(css);
      if (ours === null || theirs === null) continue;
      compared++;
      if (ours === theirs) continue;
      let at = 0;
      while (ours[at] === theirs[at]) at++;
      const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 80));
      differ.push(`${name}, at ${at}: ${around(css)}\n  ours   ${around(ours)}\n  rrweb  ${around(theirs)}`);
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(5_000);
  });

  it("adapts the sheets real pages have instead of leaving them to rrweb", () => {
    const sheets = realSheets();
    expect(sheets.length).toBeGreaterThanOrEqual(10);
    for (const [name, css] of sheets) expect(adaptSheetForReplay(css), name).not.toBeNull();
    for (const name of ["list", "functional", "escapes", "nested", "media", "supports", "import", "keyframes", "fontFace", "urls", "strings", "comments", "customProperty", "empty", "crlf", "unicode", "parens", "deviceInString", "atRuleEndsBlock", "atRuleAtEnd", "bracketsInAtRule"]) {
      expect(adaptSheetForReplay(cases[name]!), name).not.toBeNull();
    }
    expect(adaptSheetForReplay(cases.list!)).toBe("a:hover, b , c:hover > d,\na.\\:hover,\nc.\\:hover > d { color: red }");
  });

  it("leaves to rrweb a sheet whose structure postcss rejects, or whose selector or query to change holds a comment", () => {
    for (const name of ["commentInSelector", "noSemicolonLast", "strayClose", "unknownWord", "unclosedString", "unclosedComment", "unclosedUrl", "unclosedBracket", "unnamedAt"]) {
      expect(adaptSheetForReplay(cases[name]!), name).toBeNull();
    }
  });

  it("adapts a sheet with a malformed declaration, which rrweb would show with no hover at all", () => {
    expect(rrwebAdapts(cases.missedSemicolon!)).toBeNull();
    expect(adaptSheetForReplay(cases.missedSemicolon!)).toBe("a:hover,\na.\\:hover { color: red background: blue } b:hover,\nb.\\:hover { x: y }");
  });

  it("splits a selector list as postcss does", () => {
    expect(splitSelectors(" a , b:is(c, d) ,[x=\",\"], e\\,f ")).toEqual(["a", "b:is(c, d)", '[x=","]', "e\\,f"]);
    expect(splitSelectors("a,")).toEqual(["a", ""]);
  });

  it("gives the bench's 1,500-rule sheet with one :hover rule back as rrweb does", () => {
    const css = Array.from({ length: 1500 }, (_, i) => `.c${i} { color: #${(i * 2731) % 0xffffff}; margin: ${i % 7}px; }`).join("\n") + "\n.c0:hover { color: red; }";
    expect(adaptSheetForReplay(css)).toBe(rrwebAdapts(css));
    expect(adaptSheetForReplay(css)).toContain(".c0:hover,\n.c0.\\:hover { color: red; }");
  });
});

const plain = Array.from({ length: 50 }, (_, i) => `.c${i} { color: #${i}${i}${i}; }`).join("\n") + "\n@media (max-width: 600px) { .c1 { margin: 0; } }";

describe("AdaptedSheetCache", () => {
  it("answers a plain sheet with itself, adapts the others once, and leaves what it cannot read to rrweb", () => {
    expect(isPlainSheet(plain)).toBe(true);
    expect(isPlainSheet(`${plain}\n.c2:hover { color: red; }`)).toBe(false);
    expect(isPlainSheet("@media (max-device-width: 600px) { .c1 { margin: 0; } }")).toBe(false);
    const cache = new AdaptedSheetCache();
    expect(cache.get(plain)).toBe(plain);
    expect(cache.get("a:hover{color:red}")).toBe("a:hover,\na.\\:hover{color:red}");
    expect(cache.has("a:hover{color:red}")).toBe(true);
    expect(cache.get("a /* c */:hover{color:red}")).toBeUndefined();
    cache.set("a /* c */:hover{color:red}", "from rrweb");
    expect(cache.get("a /* c */:hover{color:red}")).toBe("from rrweb");
  });

  it("takes over the replayer's cache, keeping what it held", () => {
    const held = new Map([["b:hover{}", "b:hover,b.\\:hover{}"]]);
    const replayer = { cache: { stylesWithHoverClass: held } };
    adaptSheetsForReplay(replayer as unknown as Replayer);
    const cache = replayer.cache.stylesWithHoverClass;
    expect(cache).toBeInstanceOf(AdaptedSheetCache);
    expect(cache.get("b:hover{}")).toBe("b:hover,b.\\:hover{}");
    expect(cache.get(plain)).toBe(plain);
  });
});
