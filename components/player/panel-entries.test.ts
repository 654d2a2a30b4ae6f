import { describe, expect, it } from "vitest";
import { mergePanelEntries, panelEntries } from "./panel-entries";

const consoleEvent = (ts: number, level: string, payload: unknown[], trace: unknown[] = []) => ({
  type: 6,
  timestamp: ts,
  data: { plugin: "rrweb/console@1", payload: { level, payload, trace } },
});
const network = (ts: number, payload: Record<string, unknown>) => ({ type: 5, timestamp: ts, data: { tag: "glimpse/network", payload } });

describe("panelEntries", () => {
  it("reads level, message and frames from console events, and method, path, status and duration from network events", () => {
    const entries = panelEntries([
      { type: 4, timestamp: 1, data: { href: "https://shop.test/" } },
      consoleEvent(10, "error", ['"TypeError: total is undefined"', '"at checkout"', "42"], ["pay (https://shop.test/app.js:12:5)", "https://shop.test/app.js:40:1", 7]),
      consoleEvent(11, "warn", ['"<img src=x onerror=alert(1)>"']),
      network(20, { method: "POST", url: "https://api.shop.test/pay", status: 402, durationMs: 81.6, failed: true }),
      network(21, { method: "GET", url: "https://shop.test/down", status: 0, durationMs: 12, failed: true }),
      network(22, { url: 42 }),
      { type: 5, timestamp: 23, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/cart" } } },
      { type: 6, timestamp: 24, data: { plugin: "other", payload: { level: "error" } } },
    ]);
    expect(entries.console.map(({ key: _k, ...e }) => e)).toEqual([
      { timestamp: 10, level: "error", message: "TypeError: total is undefined at checkout 42", frames: ["pay (https://shop.test/app.js:12:5)", "https://shop.test/app.js:40:1"] },
      { timestamp: 11, level: "warn", message: "<img src=x onerror=alert(1)>", frames: [] },
    ]);
    expect(entries.network.map(({ key: _k, ...e }) => e)).toEqual([
      { timestamp: 20, method: "POST", path: "/pay", url: "https://api.shop.test/pay", status: 402, durationMs: 82, failed: true },
      { timestamp: 21, method: "GET", path: "/down", url: "https://shop.test/down", status: null, durationMs: 12, failed: true },
    ]);
  });

  it("gives the same rows the same keys when a stretch is read twice, and keeps equal events apart", () => {
    const twice = [consoleEvent(10, "error", ['"boom"']), consoleEvent(10, "error", ['"boom"'])];
    const first = panelEntries(twice);
    expect(first.console).toHaveLength(2);
    const merged = mergePanelEntries(mergePanelEntries({ console: [], network: [] }, first), panelEntries(twice));
    expect(merged.console).toHaveLength(2);
    const later = mergePanelEntries(merged, panelEntries([consoleEvent(5, "warn", ['"early"'])]));
    expect(later.console.map((e) => e.timestamp)).toEqual([5, 10, 10]);
    expect(mergePanelEntries(later, panelEntries([])).console).toBe(later.console);
  });
});
