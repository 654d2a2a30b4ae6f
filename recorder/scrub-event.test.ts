import { describe, expect, it } from "vitest";
import { TextClass } from "../lib/privacy/privacy-rules";
import { STRICT_PRIVACY, withDefaults } from "./record-options";
import { MASK, scrubEvent, stripQuery } from "./scrub-event";

// Elements come from the page's mirror, their class from record-options' classifier (tested in a browser in record-options.test.ts).
const ctx = (elementOf: (id: number) => Element | null = () => null, classOf = (_el: Element | null) => TextClass.Masked) => ({ privacy: STRICT_PRIVACY, elementOf, classOf });
const el = (tagName: string, type?: string) => ({ tagName: tagName.toUpperCase(), getAttribute: () => type ?? null }) as unknown as Element;

describe("scrubEvent", () => {
  it("masks placeholder, title, alt, aria-label and hidden field values in a full snapshot", () => {
    const event = {
      type: 2,
      data: {
        node: {
          type: 0,
          childNodes: [
            { type: 2, id: 3, tagName: "input", attributes: { type: "hidden", value: "csrf-secret-123", placeholder: "Jane Doe" }, childNodes: [] },
            { type: 2, id: 4, tagName: "img", attributes: { alt: "Photo of Jane", title: "Jane's card", src: "/a.png" }, childNodes: [] },
            { type: 2, id: 5, tagName: "button", attributes: { "aria-label": "Pay 42 EUR" }, childNodes: [] },
            { type: 2, id: 6, tagName: "input", attributes: { type: "text", value: "" }, childNodes: [] },
          ],
        },
      },
    };
    const text = JSON.stringify(scrubEvent(event, ctx()));
    for (const secret of ["csrf-secret-123", "Jane Doe", "Photo of Jane", "Jane's card", "Pay 42 EUR"]) expect(text).not.toContain(secret);
    expect(text).toContain('"src":"/a.png"');
    expect(event.data.node.childNodes[3]!.attributes.value).toBe("");
  });

  it("masks the text of every input event with a fixed-length mask", () => {
    const short = scrubEvent({ type: 3, data: { source: 5, id: 9, text: "a", isChecked: false } }, ctx());
    const long = scrubEvent({ type: 3, data: { source: 5, id: 9, text: "4242 4242 4242 4242", isChecked: false } }, ctx());
    expect(short.data.text).toBe(MASK);
    expect(long.data.text).toBe(MASK);
  });

  it("masks attributes and form values in mutations, but keeps a balanced-preset button label", () => {
    const event = {
      type: 3,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [{ parentId: 1, node: { type: 2, id: 7, tagName: "input", attributes: { value: "typed@example.com", title: "you" } } }],
        attributes: [
          { id: 8, attributes: { value: "secret", class: "x" } },
          { id: 9, attributes: { value: "Pay now" } },
          { id: 10, attributes: { placeholder: "IBAN FR76…", "aria-label": null } },
        ],
      },
    };
    const balanced = withDefaults({ preset: "balanced", maskAllText: false });
    const byId: Record<number, Element> = { 8: el("input", "text"), 9: el("input", "submit") };
    scrubEvent(event, { privacy: balanced, elementOf: (id) => byId[id] ?? null, classOf: (e) => (e ? TextClass.Visible : TextClass.Masked) });
    const text = JSON.stringify(event);
    for (const secret of ["typed@example.com", '"you"', '"secret"', "IBAN"]) expect(text).not.toContain(secret);
    expect(event.data.attributes[1]!.attributes.value).toBe("Pay now");
    expect(event.data.attributes[0]!.attributes.class).toBe("x");
    expect(event.data.attributes[2]!.attributes["aria-label"]).toBeNull();
  });

  it("drops the query string from link and form addresses", () => {
    const event = {
      type: 2,
      data: {
        node: {
          type: 2, id: 1, tagName: "div", attributes: {},
          childNodes: [
            { type: 2, id: 2, tagName: "a", attributes: { href: "https://shop.example/account?email=a@b.c" } },
            { type: 2, id: 3, tagName: "a", attributes: { href: "/checkout?order=88#pay" } },
            { type: 2, id: 4, tagName: "form", attributes: { action: "/search?q=jane" } },
            { type: 2, id: 5, tagName: "link", attributes: { href: "/style.css?v=3" } },
          ],
        },
      },
    };
    const [a, b, form, link] = scrubEvent(event, ctx()).data.node.childNodes;
    expect(a!.attributes.href).toBe("https://shop.example/account");
    expect(b!.attributes.href).toBe("/checkout");
    expect(form!.attributes.action).toBe("/search");
    expect(link!.attributes.href).toBe("/style.css?v=3");
  });

  it("keeps only the scheme of mailto:, tel: and other non-web link addresses", () => {
    const link = (id: number, href: string) => ({ type: 2, id, tagName: "a", attributes: { href } });
    const event = {
      type: 2,
      data: {
        node: {
          type: 2, id: 1, tagName: "div", attributes: {},
          childNodes: [
            link(2, "mailto:zelda.qm@privacy-canary.test"),
            link(3, "tel:+33612345678"),
            link(4, "MAILTO:zelda@canary.test?subject=Refund%20order%2088"),
            link(5, " sms:+33612345678"),
            link(6, "ma\tilto:tab@canary.test"),
            link(7, "whatsapp://send?phone=33612345678"),
            { type: 2, id: 8, tagName: "form", attributes: { action: "mailto:orders@canary.test" } },
          ],
        },
      },
    };
    const nodes = scrubEvent(event, ctx()).data.node.childNodes;
    expect(nodes.map((n: { attributes: Record<string, string> }) => n.attributes.href ?? n.attributes.action)).toEqual(["mailto:", "tel:", "mailto:", "sms:", "mailto:", "whatsapp:", "mailto:"]);
    expect(JSON.stringify(event)).not.toMatch(/canary|336/);
  });

  it("strips non-web addresses to their scheme wherever a page address is reported", () => {
    expect(stripQuery("mailto:jane@example.com")).toBe("mailto:");
    expect(stripQuery("tel:+33612345678")).toBe("tel:");
    expect(stripQuery("blob:https://shop.example/4b1c")).toBe("blob:");
    expect(stripQuery("https://shop.example/a/b?x=1#y")).toBe("https://shop.example/a/b");
    expect(stripQuery("http://jane:secret@shop.example/a")).toBe("http://shop.example/a");
    expect(stripQuery("/relative/path?q=jane")).toBe("/relative/path");
  });

  it("drops the query string and fragment from the page address", () => {
    const meta = scrubEvent({ type: 4, data: { href: "https://shop.example/checkout?email=a@b.c#glimpse=abc", width: 1, height: 1 } }, ctx());
    expect(meta.data.href).toBe("https://shop.example/checkout");
  });
  it("classifies an element only for attributes whose text class matters, and once per element", () => {
    const classified: (Element | null)[] = [];
    const byId: Record<number, Element> = { 8: el("li"), 9: el("img") };
    const event = {
      type: 3,
      data: {
        source: 0,
        adds: [{ parentId: 1, node: { type: 2, id: 8, tagName: "li", attributes: { class: "row", id: "r8" }, childNodes: [] } }],
        attributes: [
          { id: 8, attributes: { class: "row hot" } },
          { id: 9, attributes: { alt: "Jane", title: "Jane Doe", class: "x" } },
        ],
      },
    };
    scrubEvent(event, ctx((id) => byId[id] ?? null, (e) => (classified.push(e), TextClass.Masked)));
    expect(classified).toEqual([byId[9]]);
    expect(event.data.attributes[1]!.attributes).toEqual({ alt: "****", title: "**** ***", class: "x" });
  });
});
