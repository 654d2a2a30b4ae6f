import { describe, expect, it } from "vitest";
import { deriveRecordingInfo, type TDerivedInfo } from "./derive-recording-info";

const empty = (): TDerivedInfo => ({ firstTs: null, markers: [], pages: [], viewport: null });
const meta = (ts: number, href: string) => ({ type: 4, timestamp: ts, data: { href, width: 1280, height: 720 } });
const click = (ts: number, x = 100, y = 100) => ({ type: 3, timestamp: ts, data: { source: 2, type: 2, id: 7, x, y } });
const mutation = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 0, adds: [], removes: [], texts: [{ id: 3, value: "x" }], attributes: [] } });
const emptyMutation = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 0, adds: [], removes: [], texts: [], attributes: [] } });
const mouseMove = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 1, positions: [{ x: 1, y: 1, id: 1, timeOffset: 0 }] } });
const consoleEvent = (ts: number, level: string, text: string) => ({
  type: 6,
  timestamp: ts,
  data: { plugin: "rrweb/console@1", payload: { level, payload: [JSON.stringify(text)], trace: [] } },
});
const network = (ts: number, payload: Record<string, unknown>) => ({ type: 5, timestamp: ts, data: { tag: "glimpse/network", payload } });

const kinds = (info: TDerivedInfo) => info.markers.map((m) => m.kind);
const derive = (...batches: unknown[][]) => batches.reduce<TDerivedInfo>((info, batch) => deriveRecordingInfo(info, batch as any), empty());

describe("deriveRecordingInfo", () => {
  it("marks navigations without query strings, once per page change, from Meta and glimpse/nav", () => {
    const info = derive([
      meta(1000, "https://shop.test/cart?token=secret"),
      { type: 5, timestamp: 1001, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/cart?token=secret" } } },
      { type: 5, timestamp: 5000, data: { tag: "glimpse/nav", payload: { href: "https://shop.test/checkout#pay" } } },
    ]);
    expect(info.pages).toEqual(["https://shop.test/cart", "https://shop.test/checkout"]);
    expect(info.markers.map((m) => [m.kind, m.offsetMs, m.label])).toEqual([
      ["navigation", 0, "https://shop.test/cart"],
      ["navigation", 4000, "https://shop.test/checkout"],
    ]);
    expect(JSON.stringify(info)).not.toContain("secret");
  });

  it("folds three clicks within a second in one place into one rage click, and extends it", () => {
    const info = derive([meta(0, "https://shop.test/"), click(1000), click(1300), click(1600, 110, 95), click(2400, 105, 100)]);
    expect(kinds(info)).toEqual(["navigation", "rage-click"]);
    expect(info.markers[1]).toMatchObject({ timestamp: 1000, count: 4, label: "Rage click (4 clicks)" });
  });

  it("does not call clicks far apart in place or time a rage click", () => {
    const apart = derive([meta(0, "https://shop.test/"), click(1000, 10, 10), click(1200, 400, 300), click(1400, 10, 600), mutation(1500)]);
    expect(kinds(apart).filter((k) => k === "rage-click")).toEqual([]);
    const slow = derive([meta(0, "https://shop.test/"), click(1000), mutation(1100), click(2100), mutation(2200), click(3200), mutation(3300)]);
    expect(kinds(slow)).toEqual(["navigation", "click", "click", "click"]);
  });

  it("detects a rage click whose clicks are split across batches", () => {
    const info = derive([meta(0, "https://shop.test/"), click(1000), click(1200)], [click(1400)]);
    expect(kinds(info)).toEqual(["navigation", "rage-click"]);
  });

  it("calls a click dead when nothing changes within a second, and not when the page answers", () => {
    const dead = derive([meta(0, "https://shop.test/"), click(1000), mouseMove(1500), emptyMutation(1600), mouseMove(2100)]);
    expect(kinds(dead)).toEqual(["navigation", "dead-click"]);
    expect(dead.markers[1]).not.toHaveProperty("pending");

    const alive = derive([meta(0, "https://shop.test/"), click(1000), mutation(1400), mouseMove(2100)]);
    expect(kinds(alive)).toEqual(["navigation", "click"]);
    expect(alive.markers[1]).not.toHaveProperty("pending");

    const navigated = derive([meta(0, "https://shop.test/"), click(1000), meta(1800, "https://shop.test/next"), mouseMove(2500)]);
    expect(kinds(navigated)).toEqual(["navigation", "click", "navigation"]);

    const late = derive([meta(0, "https://shop.test/"), click(1000), mutation(2500)]);
    expect(kinds(late)).toEqual(["navigation", "dead-click"]);
  });

  it("keeps a click pending across a batch boundary and settles it with the next batch", () => {
    const first = derive([meta(0, "https://shop.test/"), click(1000)]);
    expect(first.markers[1]).toMatchObject({ kind: "click", pending: true });
    // The pending state has to survive being stored as JSON between batches.
    const stored: TDerivedInfo = { ...first, markers: JSON.parse(JSON.stringify(first.markers)) };
    expect(kinds(deriveRecordingInfo(stored, [mouseMove(2200)] as any))).toEqual(["navigation", "dead-click"]);
    expect(kinds(deriveRecordingInfo(stored, [mutation(1300), mouseMove(2200)] as any))).toEqual(["navigation", "click"]);
    // The earlier batch's info is not changed in place.
    expect(first.markers[1]).toMatchObject({ kind: "click", pending: true });
  });

  it("marks console errors only (not warnings), and failed network requests only", () => {
    const info = derive([
      meta(0, "https://shop.test/"),
      consoleEvent(1000, "warn", "just a warning"),
      consoleEvent(2000, "error", "TypeError: *** is undefined"),
      network(3000, { method: "POST", url: "https://api.shop.test/pay?card=1", status: 502, durationMs: 40, failed: true }),
      network(3500, { method: "GET", url: "https://api.shop.test/slow", status: 200, durationMs: 4000, failed: false }),
      network(4000, { method: "GET", url: "https://api.shop.test/down", status: 0, durationMs: 10, failed: true }),
    ]);
    expect(info.markers.map((m) => [m.kind, m.label])).toEqual([
      ["navigation", "https://shop.test/"],
      ["console-error", "Console error: TypeError: *** is undefined"],
      ["network-error", "POST https://api.shop.test/pay → 502"],
      ["network-error", "GET https://api.shop.test/down → failed"],
    ]);
  });

  it("computes offsets from the first event, even when a later batch has an earlier event", () => {
    const info = derive([meta(5000, "https://shop.test/"), consoleEvent(6000, "error", "boom")], [mouseMove(4000)]);
    expect(info.firstTs).toBe(4000);
    expect(info.markers.map((m) => m.offsetMs)).toEqual([1000, 2000]);
  });
});

const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
const snapshot = (ts: number, ...body: unknown[]) => ({
  type: 2,
  timestamp: ts,
  data: { node: { type: 0, id: 1, childNodes: [el(2, "html", {}, [el(3, "body", {}, body)])] }, initialOffset: { top: 0, left: 0 } },
});
const clickOn = (ts: number, id: number, x = 100, y = 100) => ({ type: 3, timestamp: ts, data: { source: 2, type: 2, id, x, y } });
const focusOn = (ts: number, id: number) => ({ type: 3, timestamp: ts, data: { source: 2, type: 5, id } });
const typing = (ts: number, id: number) => ({ type: 3, timestamp: ts, data: { source: 5, id, text: "********", isChecked: false } });
const nav = (ts: number, href: string) => ({ type: 5, timestamp: ts, data: { tag: "glimpse/nav", payload: { href } } });
const page = [
  el(10, "button", { type: "button" }, [el(11, "span", {}, [text(12, "Pay now")])]),
  el(20, "input", { type: "email", name: "email", value: "********" }),
  el(30, "button", {}, [text(31, "*** ***")]),
  el(40, "a", { href: "/help", "aria-label": "****" }, [text(41, "****")]),
];
const load = (ts: number, href = "https://shop.test/") => [meta(ts, href), snapshot(ts + 1, ...page), nav(ts + 2, href)];

describe("deriveRecordingInfo: a timeline without false alarms", () => {
  it("does not call five clicks into a field followed by typing a rage click", () => {
    const info = derive([...load(0), ...[1000, 1150, 1300, 1450, 1600].map((ts) => clickOn(ts, 20)), typing(1800, 20), mouseMove(4000)]);
    expect(kinds(info)).toEqual(["navigation", "click"]);
    expect(info.markers[1]).toMatchObject({ timestamp: 1000, label: 'textbox' });
  });

  it("does not call clicks into a field a dead click, the focus being the answer", () => {
    const info = derive([...load(0), clickOn(1000, 20), focusOn(1001, 20), mouseMove(4000)]);
    expect(kinds(info)).toEqual(["navigation", "click"]);
  });

  it("still calls five clicks on a button a rage click, naming the button", () => {
    const info = derive([...load(0), ...[1000, 1150, 1300, 1450, 1600].map((ts) => clickOn(ts, 12)), mouseMove(4000)]);
    expect(kinds(info)).toEqual(["navigation", "rage-click"]);
    expect(info.markers[1]).toMatchObject({ count: 5, label: 'Rage click (5 clicks) on button "Pay now"' });
  });

  it("turns a burst of clicks on an element unknown to the index into one click when it is typed into", () => {
    const info = derive([meta(0, "https://shop.test/"), ...[1000, 1150, 1300].map((ts) => clickOn(ts, 99)), typing(1500, 99), mouseMove(4000)]);
    expect(kinds(info)).toEqual(["navigation", "click"]);
    const other = derive([meta(0, "https://shop.test/"), ...[1000, 1150, 1300].map((ts) => clickOn(ts, 99)), typing(1500, 98)]);
    expect(kinds(other)).toEqual(["navigation", "rage-click"]);
  });

  it("names a clicked element by role and visible text, and never by masked text or attributes", () => {
    const info = derive([...load(0), clickOn(1000, 12), mutation(1100), clickOn(3000, 31, 400, 400), mutation(3100), clickOn(5000, 41, 600, 600), mutation(5100)]);
    expect(info.markers.slice(1).map((m) => m.label)).toEqual(['button "Pay now"', "button", "link"]);
    expect(JSON.stringify(info.markers)).not.toContain("*");
  });

  it("never names a field by its content, even when it arrives unmasked, only by its visible placeholder", () => {
    const editor = el(70, "div", { contenteditable: "true" }, [el(71, "p", {}, [text(72, "Dear Jane, my card is 4111")])]);
    const area = el(73, "textarea", { placeholder: "Your message" }, [text(74, "typed by Jane")]);
    const info = derive([meta(0, "https://shop.test/"), snapshot(1, editor, area), clickOn(1000, 72), clickOn(3000, 74, 400, 400), mouseMove(5000)]);
    expect(info.markers.slice(1).map((m) => m.label)).toEqual(["textbox", 'textbox "Your message"']);
  });

  it("follows the DOM through mutations and batches: added buttons, changed text, a new snapshot", () => {
    const added = { type: 3, timestamp: 2000, data: { source: 0, adds: [{ parentId: 3, nextId: null, node: el(50, "div", { role: "button" }) }, { parentId: 50, nextId: null, node: text(51, "Apply coupon") }], removes: [], texts: [], attributes: [] } };
    const renamed = { type: 3, timestamp: 2500, data: { source: 0, adds: [], removes: [], texts: [{ id: 12, value: "Pay 12.50 EUR for jane.doe@example.com" }], attributes: [] } };
    const info = derive(load(0), [added, clickOn(3000, 51), mutation(3100)], [renamed, clickOn(4000, 11), mutation(4100)]);
    expect(info.markers.slice(1).map((m) => m.label)).toEqual(['button "Apply coupon"', 'button "Pay 12.50 EUR for [email]"']);
    const reloaded = derive(load(0), load(10_000, "https://shop.test/"), [clickOn(11_000, 51), mutation(11_100)]);
    expect(reloaded.markers.at(-1)!.label).toBe("Click");
  });

  it("caps a clicked element's name", () => {
    const long = el(60, "button", {}, [text(61, "Add to basket ".repeat(20))]);
    const info = derive([meta(0, "https://shop.test/"), snapshot(1, long), clickOn(1000, 61), mutation(1100)]);
    expect(info.markers[1]!.label.length).toBeLessThanOrEqual('button ""'.length + 60);
    expect(info.markers[1]!.label).toMatch(/^button "Add to basket Add.*…"$/);
  });

  it("marks a reload (a page load at the same address) as a navigation, and a periodic checkpoint not", () => {
    const info = derive([...load(0, "https://shop.test/cart")], [meta(300_000, "https://shop.test/cart"), snapshot(300_001, ...page)], load(400_000, "https://shop.test/cart"));
    expect(info.markers.map((m) => [m.kind, m.timestamp, m.label])).toEqual([
      ["navigation", 0, "https://shop.test/cart"],
      ["navigation", 400_000, "Reload https://shop.test/cart"],
    ]);
    expect(info.pages).toEqual(["https://shop.test/cart"]);
  });

  it("does not call a page load at a new address a reload, nor the first page load", () => {
    const info = derive(load(0, "https://shop.test/"), load(8000, "https://shop.test/checkout"), load(9000, "https://shop.test/checkout"));
    expect(info.markers.map((m) => [m.kind, m.timestamp, m.label])).toEqual([
      ["navigation", 0, "https://shop.test/"],
      ["navigation", 8000, "https://shop.test/checkout"],
      ["navigation", 9000, "Reload https://shop.test/checkout"],
    ]);
  });

  it("marks hash-route changes as navigations, and names a page loaded on a route by its route", () => {
    const info = derive(
      [meta(0, "https://shop.test/app"), snapshot(1, ...page), nav(2, "https://shop.test/app#/cart")],
      [nav(2000, "https://shop.test/app#/checkout"), nav(3000, "https://shop.test/app#/checkout?step=2")],
      load(9000, "https://shop.test/app#/checkout").map((e) => (e.type === 4 ? meta(9000, "https://shop.test/app") : e)),
    );
    expect(info.markers.map((m) => m.label)).toEqual([
      "https://shop.test/app#/cart",
      "https://shop.test/app#/checkout",
      "Reload https://shop.test/app#/checkout",
    ]);
    expect(info.pages).toEqual(["https://shop.test/app#/cart", "https://shop.test/app#/checkout"]);
  });
});
