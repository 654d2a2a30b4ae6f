import { isButtonInput, scrubAttribute, TextClass, textAs, type TPrivacyConfig } from "../privacy/privacy-rules";
import { attributesOf, lowerAttributes, matchesSimple, simpleSelectorsOf, type TSimpleSelector } from "../privacy/simple-selectors";
import { EventType, IncrementalSource, NodeType, type TRrwebEvent, type TSerializedNode } from "../rrweb/types";
import { isRecord } from "../rrweb/walk-serialized-nodes";

const FLOOR = 1;
const TYPED = 2;
const UNMASK = 4;
const MASKED = 8;
const STYLE = 16;
const UNKNOWN = 32;
const FIELD = 64;
const BUTTON = 128;
const LINK = 256;
const FORM = 512;
const INHERITED = FLOOR | TYPED | UNMASK | MASKED | STYLE | UNKNOWN;
const BITS = 1024;

// A real page has tens of thousands of nodes; past this, new nodes count as unknown (masked under strict).
const MAX_NODES = 300_000;
const MAX_DEPTH = 2_000;

/** What the server knows of a recording's page between batches: node id to (parent id + 1) * BITS + own bits (numbers, so a copy is cheap). */
export type TDomContext = Map<number, number>;

type TRules = { privacy: TPrivacyConfig; unmask: TSimpleSelector[]; mask: TSimpleSelector[]; watched: Set<string> };

const FIELD_TAGS = new Set(["input", "select", "option", "textarea"]);
const SENSITIVE_NAME = /card|iban|ssn|national/i;
const SENSITIVE_AUTOCOMPLETE = /card|iban/i;

// recorder/record-options.ts tests the same with FLOOR_SELECTOR and TYPED_SELECTOR (lib/privacy/privacy-rules.ts).
function floorBits(tag: string, attrs: Map<string, string>): number {
  const editable = attrs.has("contenteditable") && attrs.get("contenteditable") !== "false";
  if (tag === "textarea" || editable || attrs.get("role") === "textbox") return FLOOR | TYPED;
  const field = (tag === "input" && !isButtonInput(tag, attrs.get("type"))) || tag === "select" || tag === "option";
  const autocomplete = attrs.get("autocomplete") ?? "";
  const sensitive = SENSITIVE_NAME.test(attrs.get("name") ?? "") || autocomplete.startsWith("cc-") || SENSITIVE_AUTOCOMPLETE.test(autocomplete);
  return field || sensitive || attrs.has("data-glimpse-mask") ? FLOOR : 0;
}

function ownBits(tag: string, attributes: Record<string, unknown>, rules: TRules): number {
  const attrs = lowerAttributes(attributes);
  let bits = floorBits(tag, attrs);
  if (matchesSimple(rules.unmask, tag, attrs)) bits |= UNMASK;
  if (!rules.privacy.maskAllText && matchesSimple(rules.mask, tag, attrs)) bits |= MASKED;
  if (tag === "style" || tag === "script") bits |= STYLE;
  if (FIELD_TAGS.has(tag)) bits |= isButtonInput(tag, attrs.get("type")) ? BUTTON : FIELD;
  if (tag === "a" || tag === "area") bits |= LINK;
  if (tag === "form") bits |= FORM;
  return bits;
}

function tagFor(bits: number): string {
  if (bits & (FIELD | BUTTON)) return "input";
  return bits & LINK ? "a" : bits & FORM ? "form" : "div";
}

function classOf(bits: number, privacy: TPrivacyConfig): TextClass {
  if (bits & TYPED) return TextClass.Typed;
  if (bits & FLOOR) return TextClass.Masked;
  if (bits & UNKNOWN) return privacy.maskAllText ? TextClass.Masked : TextClass.Unknown;
  return bits & UNMASK || !(privacy.maskAllText || bits & MASKED) ? TextClass.Visible : TextClass.Masked;
}

// UNKNOWN when the chain leaves what the server saw.
function bitsOf(ctx: TDomContext, id: unknown): number {
  let bits = 0;
  let at = id;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (at === 0) return bits;
    const node = typeof at === "number" ? ctx.get(at) : undefined;
    if (node === undefined) return bits | UNKNOWN;
    bits |= node % BITS & INHERITED;
    at = Math.floor(node / BITS) - 1;
  }
  return bits | UNKNOWN;
}

function remember(ctx: TDomContext, id: unknown, parent: unknown, bits: number) {
  if (!Number.isSafeInteger(id) || (ctx.size >= MAX_NODES && !ctx.has(id as number))) return;
  // -1: a parent the server cannot name, so the chain ends unknown.
  const p = Number.isSafeInteger(parent) && (parent as number) >= 0 && (parent as number) < 2 ** 40 ? (parent as number) : -1;
  ctx.set(id as number, (p + 1) * BITS + bits);
}

function maskAttributes(attributes: Record<string, unknown>, tag: string, bits: number, privacy: TPrivacyConfig) {
  const cls = classOf(bits, privacy);
  const type = bits & BUTTON ? "submit" : "text";
  for (const name of Object.keys(attributes)) {
    attributes[name] = scrubAttribute(name, attributes[name], tag, type, cls, privacy.maskAttributes);
  }
}

function maskText(text: string, bits: number, privacy: TPrivacyConfig): string {
  return bits & STYLE ? text : textAs(text, classOf(bits, privacy));
}

function maskTree(node: unknown, parent: unknown, inherited: number, ctx: TDomContext, rules: TRules) {
  if (!isRecord(node)) return;
  const n = node as TSerializedNode;
  let bits = inherited;
  if (n.type === NodeType.Element) {
    const tag = typeof n.tagName === "string" ? n.tagName.toLowerCase() : "";
    const own = ownBits(tag, isRecord(n.attributes) ? n.attributes : {}, rules);
    bits = (inherited & INHERITED) | own;
    remember(ctx, n.id, parent, own);
    if (isRecord(n.attributes)) maskAttributes(n.attributes, tag, bits, rules.privacy);
  } else {
    remember(ctx, n.id, parent, 0);
    if (typeof n.textContent === "string" && n.textContent && !n.isStyle) n.textContent = maskText(n.textContent, bits, rules.privacy);
  }
  if (Array.isArray(n.childNodes)) for (const child of n.childNodes) maskTree(child, n.id, bits & INHERITED, ctx, rules);
}

const rulesCache = new WeakMap<TPrivacyConfig, TRules>();

function rulesFor(privacy: TPrivacyConfig): TRules {
  let rules = rulesCache.get(privacy);
  if (!rules) {
    const unmask = simpleSelectorsOf(privacy.unmaskTextSelector);
    const mask = simpleSelectorsOf(privacy.maskTextSelector);
    rules = { privacy, unmask, mask, watched: attributesOf([...unmask, ...mask]) };
    rulesCache.set(privacy, rules);
  }
  return rules;
}

function applyAttributeChange(ctx: TDomContext, change: Record<string, any>, rules: TRules) {
  const attributes = change.attributes as Record<string, unknown>;
  const node = typeof change.id === "number" ? ctx.get(change.id) : undefined;
  if (node === undefined) return maskAttributes(attributes, "", UNKNOWN, rules.privacy);
  let own = node % BITS;
  const lower = lowerAttributes(attributes);
  own |= floorBits("", lower);
  // Without the element's other attributes the server cannot tell whether a changed one still matches: it stops unmasking.
  if ([...lower.keys()].some((name) => rules.watched.has(name))) own = (own & ~UNMASK) | (rules.privacy.maskAllText ? 0 : MASKED);
  ctx.set(change.id, node - (node % BITS) + own);
  maskAttributes(attributes, tagFor(own), (own & ~INHERITED) | bitsOf(ctx, change.id), rules.privacy);
}

/** The recorder's masking again, on the page the batch describes; `ctx` holds what earlier batches described (docs/masking.md). */
export function maskDomEvent(event: TRrwebEvent, privacy: TPrivacyConfig, ctx: TDomContext): void {
  const data = event.data;
  if (!isRecord(data)) return;
  const rules = rulesFor(privacy);
  if (event.type === EventType.FullSnapshot) {
    ctx.clear();
    maskTree(data.node, 0, 0, ctx, rules);
    return;
  }
  if (event.type !== EventType.IncrementalSnapshot || data.source !== IncrementalSource.Mutation) return;
  if (Array.isArray(data.removes)) for (const r of data.removes) if (typeof r?.id === "number") ctx.delete(r.id);
  if (Array.isArray(data.adds)) {
    for (const add of data.adds) if (isRecord(add)) maskTree(add.node, add.parentId, bitsOf(ctx, add.parentId), ctx, rules);
  }
  if (Array.isArray(data.attributes)) {
    for (const change of data.attributes) if (isRecord(change) && isRecord(change.attributes)) applyAttributeChange(ctx, change, rules);
  }
  if (Array.isArray(data.texts)) {
    for (const change of data.texts) {
      if (isRecord(change) && typeof change.value === "string") change.value = maskText(change.value, bitsOf(ctx, change.id), privacy);
    }
  }
}
