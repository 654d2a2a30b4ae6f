import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "./db";
import { env, getAuthSecret } from "./env";
import { createRateLimiter } from "./rate-limit";
import { DUMMY_HASH, verifyPassword } from "./users/password";

// Ten tries per email and fifty per client address in 15 minutes. A success clears the email's
// count, so only failures add up.
const WINDOW_MS = 15 * 60_000;
const emailLimiter = createRateLimiter({ limit: 10, windowMs: WINDOW_MS });
const addressLimiter = createRateLimiter({ limit: 50, windowMs: WINDOW_MS });

const ZCredentials = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

export class LoginRateLimitedError extends Error {}

export async function authorizeCredentials(raw: unknown, ip: string) {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  // Without a proxy's X-Forwarded-For every client shares the address "local"; limiting it would
  // let anyone lock everyone out, so only known addresses are limited.
  const addressLimited = ip !== "local" && !addressLimiter.hit(ip);
  if (!emailLimiter.hit(email) || addressLimited) {
    throw new LoginRateLimitedError("Too many sign-in attempts. Wait 15 minutes and try again.");
  }
  const user = await db.user.findUnique({
    where: { email },
    omit: { passwordHash: false },
  });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabledAt) return null;
  emailLimiter.reset(email);
  addressLimiter.reset(ip);
  return { id: user.id, email: user.email, name: user.name };
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
        name: secure ? "__Secure-glimpse.session" : "glimpse.session",
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const ip = headers["x-forwarded-for"]?.split(",")[0]?.trim() || "local";
          try {
            return await authorizeCredentials(credentials, ip);
          } catch (error) {
            if (error instanceof LoginRateLimitedError) throw new Error("RateLimited");
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}

/** The signed-in console user, re-read from the database so disabling takes effect at once. */
export async function currentUser() {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.disabledAt) return null;
  return user as typeof user & { role: "admin" | "agent" };
}

/**
 * For admin-only pages. The settings layout also checks, but a layout is not re-rendered on
 * client navigation, so each page must check for itself.
 */
export async function currentAdmin() {
  const user = await currentUser();
  return user?.role === "admin" ? user : null;
}
