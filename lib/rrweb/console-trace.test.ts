import { describe, expect, it } from "vitest";
import { MAX_CONSOLE_TEXT, MAX_FRAMES, parseFrame, parseStack, scrubConsoleText } from "./console-trace";

const CHROME = `TypeError: Cannot read properties of undefined (reading 'total')
    at computeTotal (https://shop.test/assets/checkout.js?v=3&email=jane.doe@example.com:12:17)
    at HTMLButtonElement.<anonymous> (https://shop.test/assets/checkout.js#frag:40:5)
    at async Promise.all (index 0)
    at new Cart (https://shop.test/assets/cart.js:3:9)
    at https://shop.test/assets/boot.js:1:120
    at Array.map (<anonymous>)
    at eval (eval at run (https://shop.test/assets/boot.js:2:3), <anonymous>:1:1)`;

const FIREFOX = `computeTotal@https://shop.test/assets/checkout.js?v=3:12:17
pay/<@https://shop.test/assets/checkout.js:40:5
async*@https://shop.test/assets/boot.js:1:120
@https://shop.test/assets/boot.js line 2 > eval:1:1
`;

const SAFARI = `computeTotal@https://shop.test/assets/checkout.js:12:17
global code@https://shop.test/assets/boot.js:1:120
[native code]`;

describe("parseStack", () => {
  it("reads Chrome's format, drops the message line, native and eval frames, and each script URL's query and fragment", () => {
    expect(parseStack(CHROME)).toEqual([
      "computeTotal (https://shop.test/assets/checkout.js:12:17)",
      "HTMLButtonElement.<anonymous> (https://shop.test/assets/checkout.js:40:5)",
      "new Cart (https://shop.test/assets/cart.js:3:9)",
      "https://shop.test/assets/boot.js:1:120",
    ]);
    expect(parseStack(CHROME).join("\n")).not.toMatch(/jane|v=3|frag|\?|#/);
  });

  it("reads Firefox's and Safari's format into the same entries", () => {
    expect(parseStack(FIREFOX)).toEqual([
      "computeTotal (https://shop.test/assets/checkout.js:12:17)",
      "pay/< (https://shop.test/assets/checkout.js:40:5)",
      "async* (https://shop.test/assets/boot.js:1:120)",
    ]);
    expect(parseStack(SAFARI)).toEqual(["computeTotal (https://shop.test/assets/checkout.js:12:17)", "global code (https://shop.test/assets/boot.js:1:120)"]);
  });

  it("reads a stack Node (V8) really produced, with this file's name and real line numbers", () => {
    const frames = parseStack(new Error("here").stack);
    expect(frames[0]).toMatch(/console-trace\.test\.ts:\d+:\d+\)?$/);
    expect(frames[0]).not.toContain("?");
  });

  it("returns its own entries unchanged, so the server's second pass is idempotent", () => {
    const once = parseStack([...parseStack(CHROME), ...parseStack(FIREFOX), ...parseStack(SAFARI)]);
    expect(parseStack(once)).toEqual(once);
    expect(parseFrame("at at (https://a.test/x.js:1:2)")).toBe("at (https://a.test/x.js:1:2)");
    expect(parseFrame("at x (https://a.test/x.js:1:2)")).toBe("x (https://a.test/x.js:1:2)");
  });

  it("scrubs personal data in frame URLs and function names, and removes credentials from the URL", () => {
    expect(parseFrame("    at load (https://shop.test/u/jane.doe@example.com/app.js:5:6)")).toBe("load (https://shop.test/u/[email]/app.js:5:6)");
    expect(parseFrame("    at https://admin:s3cretpass@shop.test/app.js:5:6")).toBe("https://shop.test/app.js:5:6");
    expect(parseFrame("pay.4111111111111111@https://shop.test/app.js:5:6")).toBe("pay.[card] (https://shop.test/app.js:5:6)");
    expect(parseFrame("    at Object.jane.doe@example.com (https://shop.test/app.js:5:6)")).toBe("[email] (https://shop.test/app.js:5:6)");
  });

  it("caps the number of frames, the length of each part, and skips the frames asked", () => {
    const deep = Array.from({ length: 50 }, (_, i) => `    at f${i} (https://shop.test/app.js:${i + 1}:1)`).join("\n");
    expect(parseStack(deep)).toHaveLength(MAX_FRAMES);
    expect(parseStack(deep, 2)[0]).toBe("f2 (https://shop.test/app.js:3:1)");
    expect(parseStack(deep, 2)).toHaveLength(MAX_FRAMES);
    const [long] = parseStack(`    at ${"f".repeat(500)} (https://shop.test/${"a/".repeat(300)}app.js:1:2)`);
    expect(long!.length).toBeLessThan(450);
    expect(long).toMatch(/^f{100} \(https:\/\/shop\.test\/(a\/)+a?:1:2\)$/);
    expect(parseStack(undefined)).toEqual([]);
    expect(parseStack([42, { line: "x" }, "at f (https://a.test/x.js:1:2)"])).toEqual(["f (https://a.test/x.js:1:2)"]);
  });
});

describe("scrubConsoleText", () => {
  it("scrubs before it cuts, so an address across the cut is not left half visible", () => {
    const out = scrubConsoleText(`${"x".repeat(MAX_CONSOLE_TEXT - 5)} jane.doe@example.com and more`);
    expect(out).toHaveLength(MAX_CONSOLE_TEXT);
    expect(out).not.toContain("jane");
    expect(out.endsWith("x [ema")).toBe(true);
    expect(scrubConsoleText("failed for order 10042 at 14:05, total 42.50 EUR")).toBe("failed for order 10042 at 14:05, total 42.50 EUR");
  });
});
