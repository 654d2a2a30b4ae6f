import "server-only";
import { scrubPii } from "../privacy/scrub-pii";
import { EventType, IncrementalSource, NodeType, type TRrwebEvent } from "../rrweb/types";
import { isRecord, tagOf } from "../rrweb/walk-serialized-nodes";

/** An element a click is named after: a control, a link, a field, or anything with an interactive role. */
type TTarget = {
  role: string;
  field?: true;
  /** As recorded, so possibly masked: aria-label, placeholder, title and alt, and the text nodes by id. */
  attrs: Record<string, string>;
  texts: Record<string, string>;
};

/**
 * What the page being recorded holds that names clicks; rebuilt at each full snapshot, updated by mutations.
 * Maps, not objects: node ids are sparse integers that only grow, and an object keyed by them is re-laid out as they do.
 */
export type TTargetIndex = {
  owners: Map<number, number>;
  targets: Map<number, TTarget>;
};

/** As sealed: plain objects keyed by node id. */
export type TTargetIndexJson = { owners: Record<string, number>; targets: Record<string, TTarget> };

export type TClickTarget = { id: number; label: string | null; field: boolean };

export const MAX_INDEXED_NODES = 20_000;
export const MAX_TARGET_NAME = 60;

const NAME_ATTRIBUTES = ["aria-label", "placeholder", "title", "alt"];
const TARGET_TAGS = new Set(["a", "button", "input", "select", "textarea", "label", "summary", "option"]);
const TARGET_ROLES = new Set([
  "button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option",
  "textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "treeitem",
]);
const FIELD_ROLES = new Set(["textbox", "searchbox", "combobox", "spinbutton"]);
const BUTTON_INPUTS = new Set(["button", "submit", "reset", "image"]);
const NON_TEXT_INPUTS = new Set([...BUTTON_INPUTS, "checkbox", "radio", "file", "range", "color"]);

export function emptyTargetIndex(): TTargetIndex {
  return { owners: new Map(), targets: new Map() };
}

export function targetIndexToJson(index: TTargetIndex): TTargetIndexJson {
  return { owners: Object.fromEntries(index.owners), targets: Object.fromEntries(index.targets) };
}

/** Anything that is not an index as sealed gives an empty one. */
export function targetIndexFromJson(value: unknown): TTargetIndex {
  const json = value as Partial<TTargetIndexJson> | null;
  const index = emptyTargetIndex();
  if (!isRecord(json) || !isRecord(json.owners) || !isRecord(json.targets)) return index;
  for (const [id, owner] of Object.entries(json.owners)) if (typeof owner === "number") index.owners.set(Number(id), owner);
  for (const [id, target] of Object.entries(json.targets)) if (isRecord(target)) index.targets.set(Number(id), target as TTarget);
  return index;
}

/** A mask is a run of `*` (per character or word-shaped): text that is only `*` and spaces was not recorded. */
export function isMasked(text: string): boolean {
  return /^[\s*]*$/.test(text) && text.includes("*");
}

function attr(attributes: Record<string, unknown>, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === "string" ? value : undefined;
}

function targetOf(tag: string, attributes: Record<string, unknown>): TTarget | null {
  const role = attr(attributes, "role")?.trim().toLowerCase().split(/\s+/)[0];
  const editable = attr(attributes, "contenteditable");
  const isEditable = editable !== undefined && editable !== "false";
  let target: TTarget | null = null;
  if (role && TARGET_ROLES.has(role)) target = { role, attrs: {}, texts: {}, ...(FIELD_ROLES.has(role) || isEditable ? { field: true } : {}) };
  else if (isEditable) target = { role: "textbox", field: true, attrs: {}, texts: {} };
  else if (TARGET_TAGS.has(tag)) {
    const type = (attr(attributes, "type") ?? "text").toLowerCase();
    if (tag === "a") target = { role: attributes.href !== undefined ? "link" : "a", attrs: {}, texts: {} };
    else if (tag === "input" && BUTTON_INPUTS.has(type)) target = { role: "button", attrs: {}, texts: {} };
    else if (tag === "input" && NON_TEXT_INPUTS.has(type)) target = { role: type, attrs: {}, texts: {} };
    else if (tag === "input" || tag === "textarea") target = { role: "textbox", field: true, attrs: {}, texts: {} };
    else if (tag === "select") target = { role: "combobox", field: true, attrs: {}, texts: {} };
    else target = { role: tag === "summary" ? "button" : tag, attrs: {}, texts: {} };
  }
  if (target) setAttrs(target, attributes);
  return target;
}

function setAttrs(target: TTarget, attributes: Record<string, unknown>): boolean {
  let changed = false;
  for (const name of NAME_ATTRIBUTES) {
    if (!(name in attributes)) continue;
    const value = attr(attributes, name)?.slice(0, MAX_TARGET_NAME * 4);
    if (target.attrs[name] === value) continue;
    if (value === undefined) delete target.attrs[name];
    else target.attrs[name] = value;
    changed = true;
  }
  return changed;
}

type TRoom = { left: number; changed?: boolean };

function addNode(index: TTargetIndex, node: unknown, owner: number | undefined, room: TRoom) {
  if (!isRecord(node) || typeof node.id !== "number" || room.left <= 0) return;
  let own = owner;
  if (node.type === NodeType.Element) {
    const target = isRecord(node.attributes) ? targetOf(tagOf(node), node.attributes) : null;
    if (target) {
      index.targets.set(node.id, target);
      own = node.id;
      room.changed = true;
    }
  } else if (node.type === NodeType.Text && own !== undefined && typeof node.textContent === "string" && !node.isStyle) {
    const target = index.targets.get(own);
    if (target) target.texts[node.id] = node.textContent.slice(0, MAX_TARGET_NAME * 4);
  }
  if (own !== undefined) {
    if (!index.owners.has(node.id)) room.left--;
    index.owners.set(node.id, own);
    room.changed = true;
  }
  if (Array.isArray(node.childNodes)) for (const child of node.childNodes) addNode(index, child, own, room);
}

function removeNode(index: TTargetIndex, id: number): boolean {
  const owner = index.owners.get(id);
  if (owner === undefined) return false;
  index.owners.delete(id);
  if (owner === id) index.targets.delete(id);
  else {
    const target = index.targets.get(owner);
    if (target) delete target.texts[id];
  }
  return true;
}

/** Whether the index changed: most batches leave it as it was, and then it need not be stored again. */
export function indexTargets(index: TTargetIndex, event: TRrwebEvent): boolean {
  const data = event.data;
  if (!isRecord(data)) return false;
  if (event.type === EventType.FullSnapshot) {
    index.owners = new Map();
    index.targets = new Map();
    addNode(index, data.node, undefined, { left: MAX_INDEXED_NODES });
    return true;
  }
  if (event.type !== EventType.IncrementalSnapshot || data.source !== IncrementalSource.Mutation) return false;
  let changed = false;
  if (Array.isArray(data.removes)) for (const r of data.removes) if (typeof r?.id === "number" && removeNode(index, r.id)) changed = true;
  if (Array.isArray(data.adds)) {
    const room: TRoom = { left: MAX_INDEXED_NODES - index.owners.size };
    for (const add of data.adds) if (isRecord(add)) addNode(index, add.node, typeof add.parentId === "number" ? index.owners.get(add.parentId) : undefined, room);
    changed ||= room.changed === true;
  }
  if (Array.isArray(data.texts)) {
    for (const change of data.texts) {
      const owner = typeof change?.id === "number" ? index.owners.get(change.id) : undefined;
      const target = owner === undefined ? undefined : index.targets.get(owner);
      const value = typeof change?.value === "string" ? change.value.slice(0, MAX_TARGET_NAME * 4) : undefined;
      if (target && owner !== change.id && value !== undefined && target.texts[change.id] !== value) {
        target.texts[change.id] = value;
        changed = true;
      }
    }
  }
  if (Array.isArray(data.attributes)) {
    for (const change of data.attributes) {
      const target = typeof change?.id === "number" && index.owners.get(change.id) === change.id ? index.targets.get(change.id) : undefined;
      if (target && isRecord(change.attributes) && setAttrs(target, change.attributes)) changed = true;
    }
  }
  return changed;
}

function visible(text: string | undefined): string | null {
  if (text === undefined || isMasked(text)) return null;
  const clean = text.replace(/\s+/g, " ").trim();
  return clean || null;
}

/** The target's name from what was recorded visible; any masked text in it means no name rather than part of one. A field's text is what was typed in it, never a name. */
function nameOf(target: TTarget): string | null {
  const aria = visible(target.attrs["aria-label"]);
  if (aria) return aria;
  const texts = Object.values(target.texts);
  if (!target.field && !texts.some(isMasked)) {
    const text = visible(texts.join(" "));
    if (text) return text;
  }
  return visible(target.attrs.placeholder) ?? visible(target.attrs.title) ?? visible(target.attrs.alt);
}

function cap(text: string) {
  return text.length > MAX_TARGET_NAME ? `${text.slice(0, MAX_TARGET_NAME - 1)}…` : text;
}

/** `button "Pay now"`, or just the role when its name was masked; null for a node that is not (inside) a target. */
export function clickTargetOf(index: TTargetIndex, id: number): TClickTarget | null {
  const owner = index.owners.get(id);
  const target = owner === undefined ? undefined : index.targets.get(owner);
  if (owner === undefined || !target) return null;
  const name = nameOf(target);
  return { id: owner, label: name ? `${target.role} "${cap(scrubPii(name))}"` : target.role, field: target.field === true };
}
