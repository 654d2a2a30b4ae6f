import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { getAuthSecret } from "@/lib/env";
import { finishRecording } from "@/lib/recorder-sessions/finish-recording";
import { createUser } from "@/lib/users/create-user";
import { createAdmin, createPreviewSite, PREVIEW_ORIGIN, recordPreview } from "@/tests/fixtures/previews";
import { proxy } from "@/proxy";

const cspOf = async (url: string, cookie?: string) =>
  (await proxy(new NextRequest(url, { headers: cookie ? { cookie } : {} }))).headers.get("content-security-policy")!;
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";
const cookieOf = async (userId: string) => `glimpse.session=${await encode({ token: { sub: userId, epoch: 0 }, secret: getAuthSecret() })}`;

describe("the preview page's CSP", () => {
  it("is the replay page's policy, with the previewed site's origins for an admin only", async () => {
    const admin = await createAdmin();
    const site = await createPreviewSite();
    const { started, session } = await recordPreview({ siteId: site.id, actor: admin.actor });
    await finishRecording({ recordingId: session.recordingId, reason: "customer" });
    const url = `http://glimpse.test/settings/sites/${site.id}/previews/${started.id}`;

    const csp = await cspOf(url, await cookieOf(admin.user.id));
    expect(directive(csp, "default-src")).toBe("default-src 'none'");
    expect(directive(csp, "style-src")).toBe("style-src http://glimpse.test/_next/static/ 'unsafe-inline'");
    expect(directive(csp, "img-src")).toBe(`img-src data: blob: ${PREVIEW_ORIGIN}`);
    expect(directive(csp, "font-src")).toBe(`font-src http://glimpse.test/_next/static/ data: ${PREVIEW_ORIGIN}`);

    const agent = await createUser({ input: { email: `agent-${Math.random().toString(36).slice(2)}@example.test`, name: "Agent", password: "correct horse battery", role: "agent" }, actor: { type: "system" } });
    for (const cookie of [undefined, await cookieOf(agent.id)]) {
      const other = await cspOf(url, cookie);
      expect(directive(other, "default-src")).toBe("default-src 'none'");
      expect(other).not.toContain(PREVIEW_ORIGIN);
    }
    expect(directive(await cspOf(`http://glimpse.test/settings/sites/${site.id}`), "default-src")).toBe("default-src 'self'");
  });
});
