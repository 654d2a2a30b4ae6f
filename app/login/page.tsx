import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { LoginForm } from "./login-form";
import "../(console)/console.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if ((await db.user.count()) === 0) redirect("/setup");
  const { callbackUrl, error } = await searchParams;
  const target = safeCallback(typeof callbackUrl === "string" ? callbackUrl : undefined);
  if (await currentUser()) redirect(target);
  return (
    <main className="auth-page">
      <div className="card">
        <h1>Sign in to Glimpse</h1>
        <LoginForm callbackUrl={target} initialError={typeof error === "string" ? error : undefined} />
      </div>
    </main>
  );
}

/** Only pages on this site: an open redirect after sign-in would be a phishing aid. */
function safeCallback(value: string | undefined) {
  const base = env().baseUrl;
  try {
    const url = new URL(value ?? "/tickets", base);
    if (url.origin !== new URL(base).origin || url.pathname.startsWith("/api/")) return "/tickets";
    return `${url.pathname}${url.search}`;
  } catch {
    return "/tickets";
  }
}
