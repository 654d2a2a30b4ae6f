import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { z } from "zod";
import { db } from "./db";
import { env, getAuthSecret } from "./env";
import { clientAddress } from "./http/client-address";
import { backoffFail, backoffWaitMs, hitWindow, resetThrottle } from "./auth-throttle";
import { REQUEST_PATH_HEADER } from "./http/request-path";
import { DUMMY_HASH, verifyPassword } from "./users/password";
import { safeCallbackPath } from "./users/safe-callback-path";

// 50 tries per address per 15 min; per (account, address) 3 free failures, then 1 s doubling to 5 min, so nobody locks an account for others.
// Counted in the database (lib/auth-throttle.ts): every instance sees the same attempts.
const ADDRESS_LIMIT = { limit: 50, windowMs: 15 * 60_000 };
const ACCOUNT_BACKOFF = { freeFailures: 3, baseMs: 1000, maxMs: 5 * 60_000 };

const ZCredentials = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

export class LoginRateLimitedError extends Error {}

type TSessionUser = { id?: string; epoch?: number };

/** `ip` is the client's address, or "local" when it is not known. */
export async function authorizeCredentials({ credentials: raw, ip, now = Date.now() }: { credentials: unknown; ip: string; now?: number }) {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  const pair = `${email}\n${ip}`;
  const at = new Date(now);
  const wait = await backoffWaitMs("signin-pair", pair, ACCOUNT_BACKOFF, at);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new LoginRateLimitedError(`Too many failed sign-ins. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`);
  }
  // An unknown address is shared by every client: limiting it would let anyone lock everyone out.
  if (ip !== "local" && !(await hitWindow("signin-address", ip, ADDRESS_LIMIT, at))) {
    throw new LoginRateLimitedError("Too many sign-in attempts from this address. Wait 15 minutes and try again.");
  }
  const user = await db.user.findUnique({
    where: { email },
    omit: { passwordHash: false },
  });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabledAt) {
    await backoffFail("signin-pair", pair, ACCOUNT_BACKOFF, at);
    return null;
  }
  await resetThrottle("signin-pair", pair);
  if (ip !== "local") await resetThrottle("signin-address", ip);
  return { id: user.id, email: user.email, name: user.name, epoch: user.sessionEpoch };
}

export function authOptions(): NextAuthOptions {
  const secure = env().baseUrl.startsWith("https://");
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const headers = new Headers();
          for (const [name, value] of Object.entries(req?.headers ?? {})) if (typeof value === "string") headers.set(name, value);
          try {
            return await authorizeCredentials({ credentials, ip: clientAddress(headers) ?? "local" });
          } catch (error) {
            if (error instanceof LoginRateLimitedError) throw new Error("RateLimited");
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.epoch = (user as TSessionUser).epoch ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) Object.assign(session.user as TSessionUser, { id: token.sub, epoch: token.epoch });
        return session;
      },
      // Only paths on this site, whatever callbackUrl said: an open redirect helps phishing.
      async redirect({ url, baseUrl }) {
        const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
        return `${baseUrl}${safeCallbackPath(path)}`;
      },
    },
    events: {
      // A copied cookie must not outlive the sign-out: every session of this user ends.
      async signOut({ token }) {
        if (token?.sub) await endSessions(token.sub);
      },
    },
  };
}

/** Ends every console session of a user (sign-out, disabling). Their JWTs stay signed but stale. */
export async function endSessions(userId: string) {
  await db.user.updateMany({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } });
}

/** Re-read from the database, so that disabling and signing out take effect at once. */
export const currentUser = cache(async () => {
  const session = await getServerSession(authOptions());
  const { id, epoch } = (session?.user ?? {}) as TSessionUser;
  return activeUser(id, epoch);
});

/** For the proxy, which runs before any page and where getServerSession cannot read the request. */
export async function sessionUserOf(req: NextRequest) {
  const token = await getToken({ req, secret: getAuthSecret(), cookieName: sessionCookieName() });
  return activeUser(token?.sub, typeof token?.epoch === "number" ? token.epoch : undefined);
}

async function activeUser(id: string | undefined, epoch: number | undefined) {
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.disabledAt || user.sessionEpoch !== epoch) return null;
  return user;
}

const sessionCookieName = () => (env().baseUrl.startsWith("https://") ? "__Secure-glimpse.session" : "glimpse.session");

/**
 * For every page and its generateMetadata: a layout's check is not enough, since Next renders the page alongside it.
 * A signed-out visitor comes back to the address the proxy saw, query included, else to `callbackPath`.
 */
export async function requireUser(callbackPath?: string) {
  const user = await currentUser();
  if (user) return user;
  if ((await db.user.count()) === 0) redirect("/setup");
  const back = (await headers()).get(REQUEST_PATH_HEADER) ?? callbackPath;
  redirect(back ? `/login?callbackUrl=${encodeURIComponent(safeCallbackPath(back))}` : "/login");
}

/** For admin-only pages: null for a signed-in agent (the page then shows nothing of its data). */
export async function requireAdmin(callbackPath?: string) {
  const user = await requireUser(callbackPath);
  return user.role === "admin" ? user : null;
}
