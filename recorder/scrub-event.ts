import type { TPrivacyConfig } from "../lib/recorder-sessions/contract";

/** Every masked value looks the same, so a mask never tells how long the original was. */
export const MASK = "********";

const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4 } as const;
const Source = { Mutation: 0, Input: 5 } as const;
const ELEMENT_NODE = 2;
const FORM_TAGS = new Set(["input", "textarea", "select", "option"]);
const BUTTON_TYPES = new Set(["submit", "button", "reset"]);
// Link and form addresses carry personal data in their query (?email=…) or are it (mailto:, tel:).
const ADDRESS_ATTRIBUTES: Record<string, string> = { a: "href", area: "href", form: "action" };

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
};

export function maskValue(value: unknown): unknown {
  return typeof value === "string" && value !== "" ? MASK : value;
}

// A URL's scheme, the way browsers read it: leading spaces and any tab or newline ignored.
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const schemeOf = (href: string) => SCHEME.exec(href.replace(/[\t\n\r]/g, "").trimStart())?.[1]?.toLowerCase();

// No query or fragment; a scheme other than http(s) stays alone: the rest of `mailto:jane@…` is personal data.
export function stripQuery(href: string): string {
  const scheme = schemeOf(href);
  if (scheme && scheme !== "http" && scheme !== "https") return `${scheme}:`;
  try {
    const url = new URL(href);
    return url.origin + url.pathname;
  } catch {
    return href.split(/[?#]/)[0] ?? "";
  }
}

function isFormValue(tag: string, type: unknown, maskAllText: boolean) {
  if (!FORM_TAGS.has(tag)) return false;
  // A button's value is its visible label: text, not typed input.
  return maskAllText || !(tag === "input" && BUTTON_TYPES.has(String(type ?? "").toLowerCase()));
}

function scrubAttributes(attributes: Record<string, unknown>, privacy: TPrivacyConfig, tag: string, formValue: boolean) {
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    if (privacy.maskAttributes.includes(lower) || (lower === "value" && formValue)) {
      attributes[name] = maskValue(value);
    } else if (ADDRESS_ATTRIBUTES[tag] === lower && typeof value === "string") {
      attributes[name] = schemeOf(value) ? stripQuery(value) : value.split(/[?#]/)[0];
    }
  }
}

function scrubNode(node: TNode, privacy: TPrivacyConfig) {
  if (node.type === ELEMENT_NODE && node.attributes) {
    const tag = String(node.tagName ?? "").toLowerCase();
    scrubAttributes(node.attributes, privacy, tag, isFormValue(tag, node.attributes.type, privacy.maskAllText));
  }
  for (const child of node.childNodes ?? []) scrubNode(child, privacy);
}

// rrweb masks text and typed values but never attributes, and records hidden inputs' values.
export function scrubEvent(event: { type: number; data: any }, ctx: TScrubContext) {
  const { privacy } = ctx;
  const data = event.data;
  if (!data || typeof data !== "object") return event;
  if (event.type === EventType.Meta && typeof data.href === "string") {
    data.href = stripQuery(data.href);
  } else if (event.type === EventType.FullSnapshot && data.node) {
    scrubNode(data.node, privacy);
  } else if (event.type === EventType.IncrementalSnapshot && data.source === Source.Input) {
    data.text = maskValue(data.text);
  } else if (event.type === EventType.IncrementalSnapshot && data.source === Source.Mutation) {
    for (const add of data.adds ?? []) if (add?.node) scrubNode(add.node, privacy);
    for (const change of data.attributes ?? []) {
      if (!change?.attributes) continue;
      const el = ctx.elementOf(change.id);
      const tag = el?.tagName.toLowerCase() ?? "";
      // Unknown element: assume it is a form field, masking too much rather than too little.
      const formValue = el ? isFormValue(tag, el.getAttribute("type"), privacy.maskAllText) : true;
      scrubAttributes(change.attributes, privacy, tag, formValue);
    }
  }
  return event;
}
