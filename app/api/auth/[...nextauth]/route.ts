import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth";

export const dynamic = "force-dynamic";

type TContext = { params: Promise<{ nextauth: string[] }> };

// GET|POST /api/auth/* – next-auth: sign-in (credentials, with its own CSRF token), session, sign-out
async function handler(req: NextRequest, ctx: TContext) {
  return NextAuth(req, ctx, authOptions());
}

export { handler as GET, handler as POST };
