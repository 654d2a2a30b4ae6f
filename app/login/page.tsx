import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth";
import { hasUsers } from "@/lib/users/has-users";
import { safeCallbackPath } from "@/lib/users/safe-callback-path";
import { LoginForm } from "./login-form";
import "../(console)/console.css";

// It reads the database before any request API, so Next would otherwise prerender it at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await hasUsers())) redirect("/setup");
  const { callbackUrl, error } = await searchParams;
  const path = safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : undefined);
  const target = /^\/login(?:[/?#]|$)/.test(path) ? "/tickets" : path;
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
