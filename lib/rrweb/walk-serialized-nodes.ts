import { EventType, IncrementalSource, NodeType, type TRrwebEvent, type TSerializedNode } from "./types";

export type TNodeVisitor = {
  /** Each node of a FullSnapshot or of a Mutation's adds, parents first; "drop" removes it and its subtree. */
  node?: (node: TSerializedNode, parentTag: string) => "drop" | void;
  /** A Mutation's attribute changes, which do not say which element they are on. */
  attributes?: (attributes: Record<string, unknown>) => void;
  /** A Mutation's text changes. */
  text?: (value: string) => string;
};

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function tagOf(node: TSerializedNode): string {
  return typeof node.tagName === "string" ? node.tagName.toLowerCase() : "";
}

function walkTree(node: unknown, visitor: TNodeVisitor, parentTag: string): boolean {
  if (typeof node !== "object" || node === null) return true;
  const n = node as TSerializedNode;
  if (visitor.node?.(n, parentTag) === "drop") return false;
  if (Array.isArray(n.childNodes)) {
    const tag = n.type === NodeType.Element ? tagOf(n) : parentTag;
    n.childNodes = n.childNodes.filter((child) => walkTree(child, visitor, tag));
  }
  return true;
}

/** Visits, in place, the serialized nodes and DOM changes an event carries; other events are left alone. */
export function walkSerializedNodes(event: TRrwebEvent, visitor: TNodeVisitor): void {
  const data = event.data;
  if (!isRecord(data)) return;
  if (event.type === EventType.FullSnapshot) {
    if (data.node && !walkTree(data.node, visitor, "")) data.node = { type: NodeType.Document, childNodes: [] };
    return;
  }
  if (event.type !== EventType.IncrementalSnapshot || data.source !== IncrementalSource.Mutation) return;
  if (Array.isArray(data.adds)) data.adds = data.adds.filter((add) => !add?.node || walkTree(add.node, visitor, ""));
  if (visitor.attributes && Array.isArray(data.attributes)) {
    for (const change of data.attributes) if (isRecord(change?.attributes)) visitor.attributes(change.attributes);
  }
  if (visitor.text && Array.isArray(data.texts)) {
    for (const change of data.texts) if (typeof change?.value === "string") change.value = visitor.text(change.value);
  }
}
