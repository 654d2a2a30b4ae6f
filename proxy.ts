import { NextResponse, type NextRequest } from "next/server";
import { sessionUserOf } from "@/lib/auth";
import { env } from "@/lib/env";
import { refuseMalformedPath } from "@/lib/http/refuse-malformed-path";
import { REQUEST_PATH_HEADER, requestPath } from "@/lib/http/request-path";
import { getPreviewAssetOrigins } from "@/lib/previews/get-preview-asset-origins";
import { getReplayAssetOrigins } from "@/lib/recordings/get-replay-asset-origins";

/**
 * A per-request nonce CSP for every page. Next.js reads the nonce from this header and puts it
 * on its own scripts, so no inline script runs without it. The replay page narrows it
 * further; recorder assets and APIs are JSON or scripts that the operator's page loads.
 */
export async function proxy(request: NextRequest) {
  const malformed = refuseMalformedPath(request.nextUrl.pathname);
  if (malformed) return malformed;
  // API paths reach the proxy only when they hold a "%" (matcher below), for the check above.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  // The contract's `POST /r/:token` is handled beside the page, which cannot share its folder
  // with a route handler.
  if (request.method === "POST" && /^\/r\/[^/]+\/?$/.test(request.nextUrl.pathname)) {
    const target = request.nextUrl.clone();
    target.pathname = `${request.nextUrl.pathname.replace(/\/$/, "")}/decision`;
    return NextResponse.rewrite(target);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = await contentSecurityPolicy(request, nonce);

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // The console's layout or its page may send a signed-out visitor to sign in: back here, query and all.
  headers.set(REQUEST_PATH_HEADER, requestPath(request.nextUrl));
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

const RECORDING_PAGE = /^\/recordings\/([A-Za-z0-9_-]{1,100})\/?$/;
// An admin's privacy preview replays its recording beside the texts it kept.
const PREVIEW_PAGE = /^\/settings\/sites\/[A-Za-z0-9_-]{1,100}\/previews\/([A-Za-z0-9_-]{1,100})\/?$/;

async function replayAssetOrigins(request: NextRequest): Promise<string[]> {
  const recordingId = RECORDING_PAGE.exec(request.nextUrl.pathname)?.[1];
  const previewId = PREVIEW_PAGE.exec(request.nextUrl.pathname)?.[1];
  if (!recordingId && !previewId) return [];
  try {
    const user = await sessionUserOf(request);
    if (!user) return [];
    const viewer = { userId: user.id, role: user.role };
    return recordingId ? await getReplayAssetOrigins(recordingId, viewer) : await getPreviewAssetOrigins(previewId!, viewer);
  } catch (error) {
    // The page itself will say what is wrong with the database; its replay just gets no site assets.
    console.error("Could not read the recording's site origins for its CSP:", error);
    return [];
  }
}

async function contentSecurityPolicy(request: NextRequest, nonce: string) {
  const { pathname } = request.nextUrl;
  const dev = process.env.NODE_ENV !== "production";
  // The replay page hosts recorded (untrusted) DOM in rrweb's iframe, which inherits this policy:
  // nothing by default, scripts by nonce only, no third-party hosts (docs/replay-security.md).
  // Stylesheets and fonts may come only from the build's static files there, never from the rest
  // of the console's origin: a forged recording cannot make the agent's browser send a
  // credentialed GET to the console (an API URL in CSS or an image source is simply blocked).
  // The console's address is the configured one: behind a proxy, or under `next start`, the
  // request's own URL says localhost. Fonts and CSS images may also come from the recorded site's
  // own origins, on that recording's page only.
  const replay = pathname.startsWith("/recordings/") || PREVIEW_PAGE.test(pathname);
  const assets = replay ? `${new URL(env().baseUrl).origin}/_next/static/` : "'self'";
  const site = (await replayAssetOrigins(request)).map((origin) => ` ${origin}`).join("");
  return [
    replay ? "default-src 'none'" : "default-src 'self'",
    `script-src ${replay ? "" : "'self' "}'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src ${assets} 'unsafe-inline'`,
    `img-src ${replay ? "" : "'self' "}data: blob:${site}`,
    `font-src ${assets} data:${site}`,
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // Accepting consent redirects to the operator's site, and Chromium applies form-action to
    // the redirect, so the consent page cannot be limited to 'self'.
    pathname.startsWith("/r/") ? "" : "form-action 'self'",
    "frame-ancestors 'none'",
  ]
    .filter(Boolean)
    .join("; ");
}

export const config = {
  matcher: [
    {
      // The consent form's own path is left out: the proxy would clone its body, and Next logs an
      // error when the customer's browser goes away mid-form. A "%" in it still comes here.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|g.js|recorder.js|r/[^/%]+/decision/?$).*)",
      // A form POST to /r/:token skips the proxy too (next.config rewrites it to the decision
      // route): Next holds a proxied request until its whole body has arrived, however large.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "content-type", value: "application/x-www-form-urlencoded.*" },
      ],
    },
    // Only for the malformed-escape check: the proxy clones a body it sees, so these requests
    // pass through it only in this rare case.
    "/api/:path(.*%.*)",
    "/r/:path(.*%.*)",
  ],
};
