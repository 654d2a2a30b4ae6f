export { EventType, IncrementalSource, MouseInteractions, NodeType } from "@rrweb/types";
export type { eventWithTime, serializedNodeWithId } from "@rrweb/types";

/** An event as received or stored: rrweb's envelope, its payload checked only where it is used. */
export type TRrwebEvent = { type: number; timestamp: number; data: any };

/** A serialized node (rrweb's serializedNodeWithId) whose fields are not trusted to have their types. */
export type TSerializedNode = {
  type?: unknown;
  tagName?: unknown;
  attributes?: unknown;
  childNodes?: unknown;
  textContent?: unknown;
  isStyle?: unknown;
};
