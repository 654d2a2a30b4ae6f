import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth";
import { AppError, toErrorResponse } from "@/lib/errors";
import { readBody } from "@/lib/http/read-body";

type TContext = { params: Promise<{ nextauth: string[] }> };

// A sign-in form is a few hundred bytes; nothing unauthenticated may make us hold more.
const MAX_AUTH_BODY_BYTES = 64 * 1024;

// GET|POST /api/auth/* – next-auth: sign-in (credentials, with its own CSRF token), session, sign-out
async function handler(req: NextRequest, ctx: TContext) {
  try {
    const [action, provider] = (await ctx.params).nextauth ?? [];
    if (req.method !== "POST") {
      // next-auth answers this with a 500: credentials are only ever POSTed.
      if (action === "callback" && provider === "credentials") {
        throw new AppError("method_not_allowed", "Sign in by POSTing the sign-in form.");
      }
      return await NextAuth(req, ctx, authOptions());
    }
    // Read through the one capped reader first; next-auth would read any body whole.
    const body = await readBody(req, { maxBytes: MAX_AUTH_BODY_BYTES });
    const type = (req.headers.get("content-type") ?? "").toLowerCase();
    if (body.length > 0 && !type.startsWith("application/x-www-form-urlencoded")) {
      throw new AppError("unsupported_media_type", "Send the form as application/x-www-form-urlencoded.");
    }
    const copy = new NextRequest(req.url, { method: "POST", headers: req.headers, body: body.length > 0 ? body.toString("utf8") : undefined });
    return await NextAuth(copy, ctx, authOptions());
  } catch (error) {
    const response = toErrorResponse(error);
    if (error instanceof AppError && error.code === "method_not_allowed") response.headers.set("allow", "POST");
    return response;
  }
}

export { handler as GET, handler as POST };
