import "server-only";
import { EventType, IncrementalSource, NodeType, type TRrwebEvent } from "../rrweb/types";
import { isRecord, tagOf, walkSerializedNodes } from "../rrweb/walk-serialized-nodes";

export type TVisibleKind = "text" | "attribute" | "value" | "console" | "request";
export type TVisibleText = { kind: TVisibleKind; name: string | null; value: string; count: number };

const ATTRIBUTES = ["title", "aria-label", "aria-description", "aria-placeholder", "placeholder", "alt", "label"];
const VALUE_TAGS = new Set(["input", "textarea", "select", "option"]);
const HIDDEN_TEXT_PARENTS = new Set(["style", "script", "noscript"]);
const MAX_ITEMS = 2000;
const MAX_VALUE = 500;

export function isMasked(value: string): boolean {
  return /^[\s*]*$/.test(value);
}

function stringLeaves(value: unknown, out: string[], depth = 0): void {
  if (depth > 6) return;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out, depth + 1);
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (k !== "level" && k !== "plugin") stringLeaves(v, out, depth + 1);
}

/** The console plugin stores each argument JSON-encoded. */
function consoleText(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "string" ? parsed : raw;
  } catch {
    return raw;
  }
}

/** Every distinct string an agent can read in a recording (page text, labelling attributes, form values, console, requests), in order of first appearance. */
export function listVisibleTexts(events: TRrwebEvent[]): { items: TVisibleText[]; omitted: number } {
  const seen = new Map<string, TVisibleText>();
  let omitted = 0;
  const add = (kind: TVisibleKind, name: string | null, raw: unknown) => {
    if (typeof raw !== "string") return;
    const value = raw.replace(/\s+/g, " ").trim().slice(0, MAX_VALUE);
    if (isMasked(value)) return;
    const key = `${kind}\u0000${name ?? ""}\u0000${value}`;
    const known = seen.get(key);
    if (known) known.count += 1;
    else if (seen.size < MAX_ITEMS) seen.set(key, { kind, name, value, count: 1 });
    else omitted += 1;
  };
  const addAttributes = (attributes: Record<string, unknown>, isValueTag: boolean) => {
    for (const name of ATTRIBUTES) add("attribute", name, attributes[name]);
    if (isValueTag) add("value", null, attributes.value);
  };

  for (const event of events) {
    const data = event.data;
    if (!isRecord(data)) continue;
    if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Input) {
      add("value", null, data.text);
      continue;
    }
    if (event.type === EventType.Plugin) {
      const strings: string[] = [];
      stringLeaves(data.payload, strings);
      for (const s of strings) add("console", null, consoleText(s));
      continue;
    }
    if (event.type === EventType.Custom && data.tag === "glimpse/network" && isRecord(data.payload)) {
      add("request", typeof data.payload.method === "string" ? data.payload.method : null, data.payload.url);
      continue;
    }
    walkSerializedNodes(event, {
      node: (node, parentTag) => {
        if (node.type === NodeType.Text && !node.isStyle && !HIDDEN_TEXT_PARENTS.has(parentTag)) add("text", null, node.textContent);
        else if (node.type === NodeType.Element && isRecord(node.attributes)) addAttributes(node.attributes, VALUE_TAGS.has(tagOf(node)));
      },
      attributes: (attributes) => addAttributes(attributes, true),
      text: (value) => {
        add("text", null, value);
        return value;
      },
    });
  }
  return { items: [...seen.values()], omitted };
}
