import { describe, expect, it } from "vitest";
import { takeGrant } from "./session";

describe("takeGrant", () => {
  it("takes the grant and leaves the rest of the fragment", () => {
    expect(takeGrant("#glimpse=abc_DEF-123")).toEqual({ grant: "abc_DEF-123", rest: "" });
    expect(takeGrant("#section-2&glimpse=tok")).toEqual({ grant: "tok", rest: "#section-2" });
    expect(takeGrant("#glimpse=tok&tab=2")).toEqual({ grant: "tok", rest: "#tab=2" });
  });

  it("finds nothing in an ordinary fragment", () => {
    expect(takeGrant("#faq")).toEqual({ grant: null, rest: "#faq" });
    expect(takeGrant("#notglimpse=x")).toEqual({ grant: null, rest: "#notglimpse=x" });
    expect(takeGrant("")).toEqual({ grant: null, rest: "" });
  });
});
