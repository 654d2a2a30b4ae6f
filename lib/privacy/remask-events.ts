import { stripQuery } from "../replay/derive-recording-info";
import { EventType, IncrementalSource, type TRrwebEvent } from "../replay/rrweb-event";
import type { TPrivacyConfig } from "./privacy-config";

/**
 * Defence in depth: the recorder masks in the browser, and the server masks again before
 * storing, so a tampered or buggy recorder cannot store typed text. Inputs are always masked;
 * under the strict preset text and the masked attributes are too. Idempotent, so a retried
 * batch masks to the same bytes.
 */
export const INPUT_MASK = "********";

const NODE_ELEMENT = 2;
const NODE_TEXT = 3;
const VALUE_TAGS = new Set(["input", "textarea", "select", "option"]);

type TNode = {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: TNode[];
  textContent?: unknown;
  isStyle?: boolean;
};

function maskText(text: string): string {
  return text.replace(/\S/g, "*");
}

function maskInput(value: unknown): unknown {
  return typeof value === "string" && value !== "" ? INPUT_MASK : value;
}

function maskAttributes(attributes: Record<string, unknown> | undefined, names: string[], isValueTag: boolean) {
  if (!attributes || typeof attributes !== "object") return;
  for (const name of names) {
    if (typeof attributes[name] === "string") attributes[name] = maskText(attributes[name] as string);
  }
  if (isValueTag && "value" in attributes) attributes.value = maskInput(attributes.value);
}

function maskNode(node: TNode, privacy: TPrivacyConfig, parentTag: string) {
  if (!node || typeof node !== "object") return;
  if (node.type === NODE_ELEMENT) {
    const tag = typeof node.tagName === "string" ? node.tagName.toLowerCase() : "";
    maskAttributes(node.attributes, privacy.maskAttributes, VALUE_TAGS.has(tag));
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) maskNode(child, privacy, tag);
    return;
  }
  if (node.type === NODE_TEXT && privacy.maskAllText && typeof node.textContent === "string") {
    if (node.isStyle || parentTag === "style" || parentTag === "script") return;
    node.textContent = maskText(node.textContent);
  }
  if (Array.isArray(node.childNodes)) for (const child of node.childNodes) maskNode(child, privacy, parentTag);
}

function maskMutation(data: Record<string, any>, privacy: TPrivacyConfig) {
  if (Array.isArray(data.adds)) {
    for (const add of data.adds) if (add?.node) maskNode(add.node, privacy, "");
  }
  if (Array.isArray(data.attributes)) {
    // A mutation does not say which element it is on, so `value` is masked wherever it changes.
    for (const change of data.attributes) maskAttributes(change?.attributes, privacy.maskAttributes, true);
  }
  if (privacy.maskAllText && Array.isArray(data.texts)) {
    for (const change of data.texts) {
      if (change && typeof change.value === "string") change.value = maskText(change.value);
    }
  }
}

/** Console levels outside the configuration keep their place in the timeline but lose their text. */
function maskConsole(data: Record<string, any>, privacy: TPrivacyConfig) {
  const payload = data.payload;
  if (!payload || typeof payload !== "object") return;
  if (!privacy.console.levels.includes(payload.level)) {
    payload.payload = [];
    payload.trace = [];
  } else if (privacy.console.maskText) {
    if (Array.isArray(payload.payload)) {
      payload.payload = payload.payload.map((p: unknown) => (typeof p === "string" ? maskText(p) : INPUT_MASK));
    }
    payload.trace = [];
  }
}

export function remaskEvents(events: TRrwebEvent[], privacy: TPrivacyConfig): TRrwebEvent[] {
  for (const event of events) {
    const data = event.data as Record<string, any> | undefined;
    if (data && typeof data === "object") {
      if (event.type === EventType.FullSnapshot && data.node) {
        maskNode(data.node, privacy, "");
      } else if (event.type === EventType.IncrementalSnapshot) {
        if (data.source === IncrementalSource.Input) data.text = maskInput(data.text);
        else if (data.source === IncrementalSource.Mutation) maskMutation(data, privacy);
      } else if (event.type === EventType.Plugin && data.plugin === "rrweb/console@1") {
        maskConsole(data, privacy);
      } else if (event.type === EventType.Custom && data.tag === "glimpse/network" && data.payload) {
        if (typeof data.payload.url === "string") data.payload.url = stripQuery(data.payload.url);
      }
    }
  }
  return events;
}
