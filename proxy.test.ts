import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createRecordingFixture } from "@/tests/fixtures/recordings";
import { db } from "@/lib/db";
import { createSite } from "@/lib/sites/create-site";
import { ZCreateSiteSchema } from "@/lib/sites/site-input";
import { encode } from "next-auth/jwt";
import { getAuthSecret } from "@/lib/env";
import { createUser } from "@/lib/users/create-user";
import { proxy } from "./proxy";

const cspOf = async (url: string, cookie?: string) =>
  (await proxy(new NextRequest(url, { headers: cookie ? { cookie } : {} }))).headers.get("content-security-policy")!;

/** A console session cookie for a new user, signed as next-auth signs it. */
async function sessionCookie(role: "admin" | "agent") {
  const user = await createUser({ input: { email: `${role}-${Math.random().toString(36).slice(2)}@glimpse.test`, name: role, password: "a long enough password", role }, actor: { type: "system", label: "test" } });
  return `glimpse.session=${await encode({ token: { sub: user.id, epoch: 0 }, secret: getAuthSecret() })}`;
}
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("proxy", () => {
  it("routes the consent form's POST /r/:token to its handler", async () => {
    const res = await proxy(new NextRequest("http://glimpse.test/r/abc123", { method: "POST" }));
    expect(res.headers.get("x-middleware-rewrite")).toBe("http://glimpse.test/r/abc123/decision");
  });

  it("hands pages the address asked for, query included and Next's _rsc left out, for signing in and back", async () => {
    const res = await proxy(new NextRequest("http://glimpse.test/recordings/rec_1?t=1m23s&_rsc=abc"));
    expect(res.headers.get("x-middleware-request-x-glimpse-path")).toBe("/recordings/rec_1?t=1m23s");
    const plain = await proxy(new NextRequest("http://glimpse.test/tickets", { headers: { "x-glimpse-path": "/elsewhere" } }));
    expect(plain.headers.get("x-middleware-request-x-glimpse-path")).toBe("/tickets");
  });

  it("gives pages a nonce CSP that forbids framing, and relaxes form-action only on the consent page", async () => {
    const csp = await cspOf("http://glimpse.test/tickets");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    const consent = await proxy(new NextRequest("http://glimpse.test/r/abc123"));
    expect(consent.headers.get("content-security-policy")).not.toContain("form-action");
    expect(consent.headers.get("x-middleware-rewrite")).toBeNull();
  });

  it("lets the replay page load stylesheets and fonts only from the build's static files, and no images from the console", async () => {
    const csp = await cspOf("http://glimpse.test/recordings/rec_1");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src http://glimpse.test/_next/static/ 'unsafe-inline'");
    expect(csp).toContain("img-src data: blob:");
    expect(csp).toContain("font-src http://glimpse.test/_next/static/ data:");
    expect(csp).not.toMatch(/(style|img|font)-src[^;]*'self'/);
  });

  it("names the console by GLIMPSE_BASE_URL, not by the address the server sees itself at", async () => {
    // `next start` behind a proxy, or at 127.0.0.1: the request URL says localhost:PORT.
    const csp = await cspOf("http://localhost:3000/recordings/rec_1");
    expect(directive(csp, "style-src")).toBe("style-src http://glimpse.test/_next/static/ 'unsafe-inline'");
    expect(directive(csp, "font-src")).toBe("font-src http://glimpse.test/_next/static/ data:");
    expect(csp).not.toContain("localhost");
  });

  it("lets a recording's replay load fonts and CSS images from its own site's origins, and only on that recording's page", async () => {
    const site = await createSite(
      ZCreateSiteSchema.parse({ name: "Shop", allowedOrigins: ["https://shop.example", "https://cdn.shop.example:8443"], startUrl: "https://shop.example/" }),
      { type: "system", label: "test" },
    );
    const { recordingId } = await createRecordingFixture({});
    await db.recording.update({ where: { id: recordingId }, data: { siteId: site.id } });
    const other = await createRecordingFixture({}); // the demo site, which lives on the console's own origin

    const admin = await sessionCookie("admin");
    const csp = await cspOf(`http://glimpse.test/recordings/${recordingId}`, admin);
    expect(directive(csp, "font-src")).toBe("font-src http://glimpse.test/_next/static/ data: https://shop.example https://cdn.shop.example:8443");
    expect(directive(csp, "img-src")).toBe("img-src data: blob: https://shop.example https://cdn.shop.example:8443");
    expect(directive(csp, "style-src")).toBe("style-src http://glimpse.test/_next/static/ 'unsafe-inline'");
    expect(directive(csp, "default-src")).toBe("default-src 'none'");

    for (const url of [`http://glimpse.test/recordings/${other.recordingId}`, "http://glimpse.test/recordings/rec_unknown", "http://glimpse.test/tickets"]) {
      const elsewhere = await cspOf(url, admin);
      expect(elsewhere).not.toContain("shop.example");
      expect(directive(elsewhere, "img-src")).not.toContain("http://glimpse.test");
    }

    // The header is sent before the page checks anything: without a session, or to an agent who
    // may not watch this recording, it names none of the site's origins.
    const agent = await sessionCookie("agent");
    const forged = `glimpse.session=${await encode({ token: { sub: "usr_nobody", epoch: 0 }, secret: "not the secret" })}`;
    for (const cookie of [undefined, agent, forged]) {
      expect(await cspOf(`http://glimpse.test/recordings/${recordingId}`, cookie)).not.toContain("shop.example");
    }
  });
});
