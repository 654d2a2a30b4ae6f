import "server-only";
import { currentUser } from "../auth";
import { appendAudit } from "../audit/append-audit";
import type { TStaffActor } from "../audit/actor";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { bearerToken } from "../http/bearer-token";
import { createRateLimiter } from "../rate-limit";

// Twenty a second: twice the e2e barrage, far beyond a helpdesk sync; a runaway script stops before filling the audit log.
export const API_KEY_LIMIT = { limit: 1200, windowMs: 60_000 };
export const apiKeyLimiter = createRateLimiter(API_KEY_LIMIT);

export async function resolveActor(req: Request): Promise<TStaffActor> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const token = bearerToken(authorization);
    if (!token) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <api key>'.");
    const key = await db.apiKey.findUnique({
      where: { keyHash: sha256Hex(token) },
      include: { user: true },
    });
    if (!key || key.revokedAt || key.user.disabledAt) {
      throw new AppError("unauthorized", "This API key is not valid or has been revoked.");
    }
    const now = new Date();
    if (!apiKeyLimiter.hit(key.id, now.getTime())) {
      const seconds = Math.ceil(apiKeyLimiter.retryAfterMs(key.id, now.getTime()) / 1000);
      throw new AppError("rate_limited", `This API key made more than ${API_KEY_LIMIT.limit} requests in a minute. Retry in ${seconds} s.`, {
        retryAfterSeconds: seconds,
      });
    }
    const actor: TStaffActor = {
      type: "apiKey",
      id: key.id,
      label: `API key ${key.name} (${key.user.email})`,
      role: key.user.role,
      userId: key.userId,
    };
    // Every use is audited, reads included: what it asked for, never the answer.
    await db.$transaction(async (tx) => {
      await tx.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
      await appendAudit(tx, { actor, action: "apiKey.used", details: { method: req.method, path: new URL(req.url).pathname }, at: now });
    });
    return actor;
  }
  const user = hasSessionCookie(req) ? await currentUser() : null;
  if (!user) throw new AppError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
  if (!["GET", "HEAD"].includes(req.method)) assertSameOrigin(req);
  return { type: "user", id: user.id, label: user.email, role: user.role, userId: user.id };
}

// next-auth may split a large session cookie into glimpse.session.0, .1, …
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?glimpse\.session(?:\.\d+)?=/;

/** No session cookie means no session: answer 401 without asking next-auth. */
function hasSessionCookie(req: Request) {
  return SESSION_COOKIE.test(req.headers.get("cookie") ?? "");
}

// SameSite=Lax keeps the cookie off cross-site POSTs; this also refuses same-site, cross-origin writes.
function assertSameOrigin(req: Request) {
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite === "same-origin") return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  // "Origin: null" (sandboxed frames, some redirects) is not a URL and never our origin.
  if (origin && host && URL.canParse(origin) && new URL(origin).host === host) return;
  throw new AppError("forbidden", "Cross-origin requests may not use the console session.");
}
