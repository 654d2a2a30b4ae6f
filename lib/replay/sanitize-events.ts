import { EventType, IncrementalSource, type TRrwebEvent } from "./rrweb-event";

/**
 * Recorded pages are untrusted. rrweb's sandboxed iframe already stops scripts; this also removes
 * what could navigate the replay frame or make it fetch things: <base>, meta refresh, inline
 * event handlers, srcdoc, and javascript: URLs. Runs on ingest, before anything is stored.
 */
const DANGEROUS_URL = /^\s*(javascript|vbscript|data:text\/html)/i;
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]);

type TNode = {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: TNode[];
};

function isDropped(node: TNode): boolean {
  const tag = typeof node.tagName === "string" ? node.tagName.toLowerCase() : "";
  if (tag === "base") return true;
  if (tag === "meta") {
    const equiv = String(node.attributes?.["http-equiv"] ?? "").toLowerCase();
    if (equiv === "refresh" || equiv === "content-security-policy" || equiv === "set-cookie") return true;
  }
  return false;
}

function cleanAttributes(attributes: Record<string, unknown> | undefined) {
  if (!attributes || typeof attributes !== "object") return;
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

function cleanNode(node: TNode): TNode | null {
  if (!node || typeof node !== "object") return node;
  if (isDropped(node)) return null;
  cleanAttributes(node.attributes);
  if (Array.isArray(node.childNodes)) {
    node.childNodes = node.childNodes.map(cleanNode).filter((n): n is TNode => n !== null);
  }
  return node;
}

export function sanitizeEvents(events: TRrwebEvent[]): TRrwebEvent[] {
  for (const event of events) {
    const data = event.data as Record<string, any> | undefined;
    if (!data || typeof data !== "object") continue;
    if (event.type === EventType.FullSnapshot && data.node) {
      data.node = cleanNode(data.node) ?? { type: 0, childNodes: [] };
    } else if (event.type === EventType.Meta && typeof data.href === "string" && DANGEROUS_URL.test(data.href)) {
      data.href = "about:blank";
    } else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
      if (Array.isArray(data.adds)) {
        data.adds = data.adds.filter((add: { node?: TNode }) => add?.node && cleanNode(add.node) !== null);
      }
      if (Array.isArray(data.attributes)) {
        for (const change of data.attributes) cleanAttributes(change?.attributes);
      }
    }
  }
  return events;
}
