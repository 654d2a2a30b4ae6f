import { MASK, maskValue, scrubAttribute, stripQuery, TextClass, type TPrivacyConfig } from "../lib/privacy/privacy-rules";
import { EventType, IncrementalSource, NodeType } from "../lib/rrweb/types";

export { MASK, maskValue, stripQuery };

type TNode = {
  type?: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: TNode[];
};

export type TScrubContext = {
  privacy: TPrivacyConfig;
  elementOf: (id: number) => Element | null;
  classOf: (el: Element | null) => TextClass;
};

// Most attributes (class, id, style, src) never need the element's text class, which walks up the page: it is found once, on first need.
function scrubAttributes(attributes: Record<string, unknown>, el: Element | null, tag: string, ctx: TScrubContext) {
  const names = Object.keys(attributes);
  if (names.length === 0) return;
  const type = el ? el.getAttribute("type") : attributes.type;
  let cls: TextClass | undefined;
  const classOf = () => (cls ??= ctx.classOf(el));
  for (const name of names) attributes[name] = scrubAttribute(name, attributes[name], tag, type, classOf, ctx.privacy.maskAttributes);
}

function scrubNode(node: TNode, ctx: TScrubContext) {
  if (node.type === NodeType.Element && node.attributes) {
    const el = typeof node.id === "number" ? ctx.elementOf(node.id) : null;
    scrubAttributes(node.attributes, el, String(node.tagName ?? "").toLowerCase(), ctx);
  }
  for (const child of node.childNodes ?? []) scrubNode(child, ctx);
}

// rrweb masks text and typed values but never attributes, and records hidden inputs' values.
export function scrubEvent(event: { type: number; data: any }, ctx: TScrubContext) {
  const data = event.data;
  if (!data || typeof data !== "object") return event;
  if (event.type === EventType.Meta && typeof data.href === "string") {
    data.href = stripQuery(data.href);
  } else if (event.type === EventType.FullSnapshot && data.node) {
    scrubNode(data.node, ctx);
  } else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Input) {
    data.text = maskValue(data.text);
  } else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
    for (const add of data.adds ?? []) if (add?.node) scrubNode(add.node, ctx);
    for (const change of data.attributes ?? []) {
      if (!change?.attributes) continue;
      const el = ctx.elementOf(change.id);
      // Unknown element: "" makes `value` a field value, masking too much rather than too little.
      scrubAttributes(change.attributes, el, el?.tagName.toLowerCase() ?? "", ctx);
    }
  }
  return event;
}
