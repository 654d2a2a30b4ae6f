export { MouseInteractions } from "@rrweb/types";
export type { eventWithTime, serializedNodeWithId } from "@rrweb/types";

// rrweb's numbers, declared here as TypeScript enums so that esbuild inlines them into the recorder (types.test.ts compares them with rrweb's).
export enum EventType {
  DomContentLoaded = 0,
  Load = 1,
  FullSnapshot = 2,
  IncrementalSnapshot = 3,
  Meta = 4,
  Custom = 5,
  Plugin = 6,
  Asset = 7,
  Annotation = 8,
}

export enum IncrementalSource {
  Mutation = 0,
  MouseMove = 1,
  MouseInteraction = 2,
  Scroll = 3,
  ViewportResize = 4,
  Input = 5,
  TouchMove = 6,
  MediaInteraction = 7,
  StyleSheetRule = 8,
  CanvasMutation = 9,
  Font = 10,
  Log = 11,
  Drag = 12,
  StyleDeclaration = 13,
  Selection = 14,
  AdoptedStyleSheet = 15,
  CustomElement = 16,
}

export enum NodeType {
  Document = 0,
  DocumentType = 1,
  Element = 2,
  Text = 3,
  CDATA = 4,
  Comment = 5,
}

/** An event as received or stored: rrweb's envelope, its payload checked only where it is used. */
export type TRrwebEvent = { type: number; timestamp: number; data: any };

/** A serialized node (rrweb's serializedNodeWithId) whose fields are not trusted to have their types. */
export type TSerializedNode = {
  type?: unknown;
  id?: unknown;
  tagName?: unknown;
  attributes?: unknown;
  childNodes?: unknown;
  textContent?: unknown;
  isStyle?: unknown;
};
