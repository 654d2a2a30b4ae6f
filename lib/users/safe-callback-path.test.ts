import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-path";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackPath("/tickets/abc?tab=links#recordings")).toBe("/tickets/abc?tab=links#recordings");
    expect(safeCallbackPath("/recordings/rec_1")).toBe("/recordings/rec_1");
    expect(safeCallbackPath("/audit?ticketId=manual%3AE2E-1")).toBe("/audit?ticketId=manual%3AE2E-1");
    expect(safeCallbackPath("/settings/./team")).toBe("/settings/team");
  });

  it.each([
    "/.//evil.example",
    "//evil.example",
    "///evil.example",
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2e/%2fevil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%2F%2Fevil.example",
    "/%252F%252Fevil.example",
    "%2F%2Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "/%ZZ",
    "/api/v1/audit/export?format=csv",
    "",
  ])("refuses %j and falls back to /tickets", (hostile) => {
    expect(safeCallbackPath(hostile)).toBe("/tickets");
  });

  it("refuses what is not a string", () => {
    expect(safeCallbackPath(undefined)).toBe("/tickets");
    expect(safeCallbackPath(null)).toBe("/tickets");
  });
});
