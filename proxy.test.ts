import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

describe("proxy", () => {
  it("routes the consent form's POST /r/:token to its handler", () => {
    const res = proxy(new NextRequest("http://glimpse.test/r/abc123", { method: "POST" }));
    expect(res.headers.get("x-middleware-rewrite")).toBe("http://glimpse.test/r/abc123/decision");
  });

  it("gives pages a nonce CSP that forbids framing, and relaxes form-action only on the consent page", () => {
    const page = proxy(new NextRequest("http://glimpse.test/tickets"));
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    const consent = proxy(new NextRequest("http://glimpse.test/r/abc123"));
    expect(consent.headers.get("content-security-policy")).not.toContain("form-action");
    expect(consent.headers.get("x-middleware-rewrite")).toBeNull();
  });

  it("lets the replay page load stylesheets and fonts only from the build's static files, and no images from the console", () => {
    const csp = proxy(new NextRequest("http://glimpse.test/recordings/rec_1")).headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src http://glimpse.test/_next/static/ 'unsafe-inline'");
    expect(csp).toContain("img-src data: blob:");
    expect(csp).toContain("font-src http://glimpse.test/_next/static/ data:");
    expect(csp).not.toMatch(/(style|img|font)-src[^;]*'self'/);
  });
});
