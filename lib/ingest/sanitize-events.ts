import "server-only";
import { EventType, IncrementalSource, NodeType, type TRrwebEvent, type TSerializedNode } from "../rrweb/types";
import { isRecord, tagOf, walkSerializedNodes } from "../rrweb/walk-serialized-nodes";

// Recorded pages are untrusted: besides rrweb's sandbox, remove what could navigate the replay frame or make it fetch.
const DANGEROUS_URL = /^\s*(javascript|vbscript|data:text\/html)/i;
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]);
const DROPPED_META = new Set(["refresh", "content-security-policy", "set-cookie"]);

// Frames are blocked in every preset: a document below the page's own is a frame's, and never kept.
function isDropped(node: TSerializedNode, parentTag: string): boolean {
  if (node.type === NodeType.Document && parentTag !== "") return true;
  const tag = tagOf(node);
  if (tag === "base") return true;
  const attributes = isRecord(node.attributes) ? node.attributes : {};
  return tag === "meta" && DROPPED_META.has(String(attributes["http-equiv"] ?? "").toLowerCase());
}

function cleanAttributes(attributes: Record<string, unknown>) {
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    if (lower.startsWith("on") || lower === "srcdoc") {
      delete attributes[name];
    } else if (URL_ATTRIBUTES.has(lower) && typeof value === "string" && DANGEROUS_URL.test(value)) {
      delete attributes[name];
    } else if (lower === "rr_dataurl" && !(typeof value === "string" && /^data:image\//i.test(value))) {
      // rrweb replays rr_dataURL as an image source: anything but an inline image could fetch.
      delete attributes[name];
    }
  }
}

/** Strips <base>, meta refresh, inline handlers, srcdoc and javascript: URLs, in place, before anything is stored. */
export function sanitizeEvents(events: TRrwebEvent[]): TRrwebEvent[] {
  for (const event of events) {
    const data = event.data;
    if (!data || typeof data !== "object") continue;
    if (event.type === EventType.Meta && typeof data.href === "string" && DANGEROUS_URL.test(data.href)) {
      data.href = "about:blank";
      continue;
    }
    if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation && Array.isArray(data.adds)) {
      data.adds = data.adds.filter((add: { node?: TSerializedNode }) => add?.node && add.node.type !== NodeType.Document);
    }
    walkSerializedNodes(event, {
      node: (node, parentTag) => {
        if (isDropped(node, parentTag)) return "drop";
        if (isRecord(node.attributes)) cleanAttributes(node.attributes);
        if (Array.isArray(node.childNodes)) node.childNodes = node.childNodes.filter((child) => child !== null);
      },
      attributes: cleanAttributes,
    });
  }
  return events;
}
