import { describe, expect, it } from "vitest";
import { lowerAttributes, matchesSimple, parseSimpleSelectors, simpleSelectorsOf } from "./simple-selectors";

describe("simple selectors", () => {
  it("parses tags, classes, ids and attributes, and refuses combinators and pseudo-classes", () => {
    expect(parseSimpleSelectors("nav, h1, button.primary, #total, [role=alert], [data-x='a b'], [hidden], *").every(Boolean)).toBe(true);
    for (const bad of ["main > p", "nav a", "a:hover", "li + li", "[href^=http]", "a::before", ":not(p)", "p ~ p", "[x=\"a\\\"\"]"]) {
      expect(parseSimpleSelectors(bad), bad).toEqual([null]);
    }
  });

  it("matches the way the browser's closest() does on one element", () => {
    const match = (list: string, tag: string, attrs: Record<string, unknown>) => matchesSimple(simpleSelectorsOf(list), tag, lowerAttributes(attrs));
    expect(match("button.primary", "button", { class: "btn primary" })).toBe(true);
    expect(match("button.primary", "button", { class: "primary-ish" })).toBe(false);
    expect(match("BUTTON", "button", {})).toBe(true);
    expect(match("#total", "span", { id: "total" })).toBe(true);
    expect(match("[role=alert]", "div", { role: "alert" })).toBe(true);
    expect(match('[role="alert"]', "div", { role: "alertdialog" })).toBe(false);
    expect(match("[data-glimpse-unmask]", "div", { "data-glimpse-unmask": "" })).toBe(true);
    expect(match("*", "p", {})).toBe(true);
    expect(match("nav, h1", "h2", {})).toBe(false);
    expect(match("", "p", {})).toBe(false);
  });
});
