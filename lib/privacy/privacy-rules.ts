// The recorder bundles this file and the server masks again with it: plain constants and functions, no "server-only", no zod.
import { scrubPii } from "./scrub-pii";

export type TPrivacyPreset = "strict" | "balanced";

// Copied onto each recording as it starts, so the recording documents what was in force.
export type TPrivacyConfig = {
  preset: TPrivacyPreset;
  maskAllText: boolean;
  maskAllInputs: true;
  maskTextSelector: string;
  blockSelector: string;
  unmaskTextSelector: string | null;
  maskAttributes: string[];
  alwaysMaskInputSelector: string;
  console: { levels: ("error" | "warn")[]; maskText: boolean };
  network: { captureFailed: true; slowMs: number; includeQuery: false };
};

/** Every field value looks the same, so a mask never tells how long the value was. */
export const MASK = "********";

export const MASKED_ATTRIBUTES = ["placeholder", "title", "alt", "aria-label"];
export const MEDIA_SELECTOR = "img,picture,video,audio,canvas,iframe,object,embed,svg image";
export const MASK_MARKER = "[data-glimpse-mask]";
export const UNMASK_MARKER = "[data-glimpse-unmask]";
export const BLOCK_MARKER = "[data-glimpse-block]";
/** Rich-text editors and chat boxes take typing outside <input>; what is typed there is masked too. */
export const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"]),[contenteditable]:not([contenteditable="false"]) *,[role=textbox]';

export const ALWAYS_MASK_INPUT_SELECTOR = [
  "input[type=password]",
  "input[type=hidden]",
  "[autocomplete^=cc-]",
  '[name*="card" i]',
  '[name*="iban" i]',
  '[name*="ssn" i]',
  '[name*="national" i]',
  '[autocomplete*="card" i]',
  '[autocomplete*="iban" i]',
].join(",");

export const TYPED_SELECTOR = 'textarea,[contenteditable]:not([contenteditable="false"]),[role=textbox]';

// The floor no unmask selector lowers. lib/ingest/mask-dom.ts `floorBits` is the same test on serialized nodes.
export const FLOOR_SELECTOR = [
  "input:not([type=submit]):not([type=button]):not([type=reset])",
  "select",
  "option",
  TYPED_SELECTOR,
  MASK_MARKER,
  ALWAYS_MASK_INPUT_SELECTOR,
].join(",");

export const STRICT_PRIVACY: TPrivacyConfig = {
  preset: "strict",
  maskAllText: true,
  maskAllInputs: true,
  maskTextSelector: "*",
  blockSelector: `${BLOCK_MARKER},${MEDIA_SELECTOR}`,
  unmaskTextSelector: UNMASK_MARKER,
  maskAttributes: MASKED_ATTRIBUTES,
  alwaysMaskInputSelector: ALWAYS_MASK_INPUT_SELECTOR,
  // Console text is kept, scrubbed; maskText stays for recordings whose consent promised errors without their content.
  console: { levels: ["error", "warn"], maskText: false },
  network: { captureFailed: true, slowMs: 3000, includeQuery: false },
};

export enum TextClass {
  Visible,
  Masked,
  Typed,
  // The server cannot place the node: it keeps what the recorder sent, scrubbed (balanced only).
  Unknown,
}

// One glyph per character keeps the replayed layout (line breaks, widths to a few percent); "*" is in every font.
export const maskText = (text: string) => text.replace(/\S/g, "*");

export function maskValue(value: unknown): unknown {
  return typeof value === "string" && value !== "" ? MASK : value;
}

export function textAs(text: string, cls: TextClass): string {
  if (cls === TextClass.Typed) return text.trim() ? MASK : text;
  return cls === TextClass.Masked ? maskText(text) : scrubPii(text);
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

const BUTTON_TYPES = new Set(["submit", "button", "reset"]);
const FIELD_TAGS = new Set(["input", "textarea", "select", "option"]);
// Link and form addresses carry personal data in their query (?email=…) or are it (mailto:, tel:).
const ADDRESS_ATTRIBUTES: Record<string, string> = { a: "href", area: "href", form: "action" };
// Attributes that hold words rather than structure; class, id, style and the like stay as they are, or the replay loses its styles.
const TEXT_ATTRIBUTE = /^(data-|aria-)|^(value|label|content|summary|title|alt|placeholder)$/;

const classNow = (cls: TextClass | (() => TextClass)) => (typeof cls === "function" ? cls() : cls);

export const isButtonInput = (tag: string, type: unknown) => tag === "input" && BUTTON_TYPES.has(String(type ?? "").toLowerCase());

/**
 * `tag` is "" for an element the server does not know: its `value` is then a field value, and `href` an address.
 * `cls` may be a function, called only for the few attributes whose text class matters: classifying costs the recorder a walk up the page.
 */
export function scrubAttribute(name: string, value: unknown, tag: string, type: unknown, cls: TextClass | (() => TextClass), masked: string[]): unknown {
  if (typeof value !== "string") return value;
  const lower = name.toLowerCase();
  if (lower === "value" && (!tag || FIELD_TAGS.has(tag))) return isButtonInput(tag, type) ? textAs(value, classNow(cls)) : maskValue(value);
  if (masked.includes(lower)) {
    const c = classNow(cls);
    return textAs(value, c === TextClass.Typed ? TextClass.Masked : c);
  }
  if (tag ? ADDRESS_ATTRIBUTES[tag] === lower : lower === "href" || lower === "action") {
    return scrubPii(schemeOf(value) ? stripQuery(value) : (value.split(/[?#]/)[0] ?? ""));
  }
  return TEXT_ATTRIBUTE.test(lower) ? scrubPii(value) : value;
}
