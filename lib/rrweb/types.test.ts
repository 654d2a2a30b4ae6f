import * as rrweb from "@rrweb/types";
import { describe, expect, it } from "vitest";
import { EventType, IncrementalSource, NodeType } from "./types";

describe("the rrweb enums the recorder inlines", () => {
  it("have rrweb's names and numbers", () => {
    expect({ ...EventType }).toEqual({ ...rrweb.EventType });
    expect({ ...IncrementalSource }).toEqual({ ...rrweb.IncrementalSource });
    expect({ ...NodeType }).toEqual({ ...rrweb.NodeType });
  });
});
