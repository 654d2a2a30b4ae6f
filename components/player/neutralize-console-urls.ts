import { EventType, IncrementalSource, type TRrwebEvent } from "@/lib/rrweb/types";
import { isRecord, tagOf, walkSerializedNodes } from "@/lib/rrweb/walk-serialized-nodes";

// The replay frame is about:blank in the console page: a forged relative or console-origin URL would
// send a credentialed GET to the console (docs/replay-security.md). Also repeats the ingest sanitiser's cuts.
const URL_ATTRIBUTES = new Set([
  "src", "href", "xlink:href", "poster", "background", "data", "action", "formaction", "lowsrc",
  "dynsrc", "ping", "longdesc", "cite", "manifest", "codebase", "archive", "icon", "usemap", "itemtype", "profile",
]);
const SRCSET_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);
const CSS_ATTRIBUTES = new Set(["style", "_csstext"]);
const INERT_URL = 'url("data:,")';
const SCRIPT_URL = /^\s*(javascript|vbscript|data:text\/html)/i;
const INLINE_IMAGE = /^data:image\//i;

type TIsConsoleUrl = (value: string) => boolean;

export function consoleUrlMatcher(consoleOrigin: string, pageHref: string): TIsConsoleUrl {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === "") return true; // an empty URL is the page itself
    try {
      const url = new URL(trimmed, pageHref);
      return (url.protocol === "http:" || url.protocol === "https:") && url.origin === consoleOrigin;
    } catch {
      return false;
    }
  };
}

export function neutralizeCss(css: string, isConsoleUrl: TIsConsoleUrl): string {
  if (!/url\(|@import/i.test(css)) return css;
  return css
    .replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (whole, _q, target: string) => (isConsoleUrl(target) ? INERT_URL : whole))
    .replace(/@import\s+(['"])(.*?)\1/gi, (whole, _q, target: string) => (isConsoleUrl(target) ? `@import ${INERT_URL}` : whole));
}

function neutralizeSrcset(value: string, isConsoleUrl: TIsConsoleUrl): string {
  return value
    .split(",")
    .filter((candidate) => {
      const url = candidate.trim().split(/\s+/)[0] ?? "";
      return url !== "" && !isConsoleUrl(url);
    })
    .join(",");
}

function neutralizeAttributes(attributes: Record<string, unknown>, isConsoleUrl: TIsConsoleUrl, tagName = "") {
  if (tagName === "meta" && String(attributes["http-equiv"] ?? "").toLowerCase() === "refresh") {
    delete attributes["http-equiv"];
    delete attributes.content;
  }
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    if (lower.startsWith("on") || lower === "srcdoc") {
      delete attributes[name];
    } else if (typeof value === "string") {
      if (URL_ATTRIBUTES.has(lower) && (isConsoleUrl(value) || SCRIPT_URL.test(value))) delete attributes[name];
      // rrweb uses rr_dataURL as an image's source at replay; only an inline image is legitimate.
      else if (lower === "rr_dataurl" && !INLINE_IMAGE.test(value)) delete attributes[name];
      else if (SRCSET_ATTRIBUTES.has(lower)) attributes[name] = neutralizeSrcset(value, isConsoleUrl);
      else if (CSS_ATTRIBUTES.has(lower)) attributes[name] = neutralizeCss(value, isConsoleUrl);
    } else if (lower === "style" && value && typeof value === "object") {
      // rrweb sends style changes as { property: value | [value, priority] | false }.
      const style = value as Record<string, unknown>;
      for (const prop of Object.keys(style)) {
        const v = style[prop];
        if (typeof v === "string") style[prop] = neutralizeCss(v, isConsoleUrl);
        else if (Array.isArray(v) && typeof v[0] === "string") v[0] = neutralizeCss(v[0], isConsoleUrl);
      }
    }
  }
}

/** Returns the event to replay, or null when it must be dropped. Changes the event in place. */
export function neutralizeConsoleUrls(event: TRrwebEvent, isConsoleUrl: TIsConsoleUrl): TRrwebEvent | null {
  const d = event.data as Record<string, any> | undefined;
  if (!d || typeof d !== "object") return event;
  walkSerializedNodes(event, {
    node: (node) => {
      if (isRecord(node.attributes)) neutralizeAttributes(node.attributes, isConsoleUrl, tagOf(node));
      if (typeof node.textContent === "string") node.textContent = neutralizeCss(node.textContent, isConsoleUrl);
    },
    attributes: (attributes) => neutralizeAttributes(attributes, isConsoleUrl),
    text: (value) => neutralizeCss(value, isConsoleUrl),
  });
  if (event.type !== EventType.IncrementalSnapshot) return event;
  switch (d.source) {
    case IncrementalSource.Font:
      if (d.buffer) return event;
      return typeof d.fontSource === "string" && neutralizeCss(d.fontSource, isConsoleUrl) !== d.fontSource ? null : event;
    case IncrementalSource.StyleSheetRule:
      for (const add of Array.isArray(d.adds) ? d.adds : []) {
        if (typeof add?.rule === "string") add.rule = neutralizeCss(add.rule, isConsoleUrl);
      }
      return event;
    case IncrementalSource.StyleDeclaration:
      if (d.set && typeof d.set.value === "string") d.set.value = neutralizeCss(d.set.value, isConsoleUrl);
      return event;
    case IncrementalSource.AdoptedStyleSheet:
      for (const sheet of Array.isArray(d.styles) ? d.styles : []) {
        for (const rule of Array.isArray(sheet?.rules) ? sheet.rules : []) {
          if (typeof rule?.rule === "string") rule.rule = neutralizeCss(rule.rule, isConsoleUrl);
        }
      }
      return event;
    default:
      return event;
  }
}
