import { describe, expect, it } from "vitest";
import { refuseMalformedPath } from "./refuse-malformed-path";

describe("refuseMalformedPath", () => {
  it("lets well-formed paths through", () => {
    for (const p of ["/r/abc", "/api/v1/tickets/x%20y", "/recordings/%E2%82%AC", "/"]) expect(refuseMalformedPath(p), p).toBeNull();
  });
  it("answers 400 JSON for the API and a 400 page otherwise", async () => {
    const api = refuseMalformedPath("/api/v1/tickets/%ZZ")!;
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    const page = refuseMalformedPath("/r/%ED%A0%80")!;
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
});
