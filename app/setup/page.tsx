import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/users/has-users";
import { SetupForm } from "./setup-form";
import "../(console)/console.css";

// It reads the database before any request API, so Next would otherwise prerender it at build.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await hasUsers()) redirect("/login");
  return (
    <main className="auth-page">
      <div className="card">
        <h1>Welcome to Glimpse</h1>
        <p className="muted">Create the first admin account. You can invite agents afterwards, under Settings → Team.</p>
        <SetupForm />
      </div>
    </main>
  );
}
