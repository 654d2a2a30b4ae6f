"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { FormError } from "@/components/form-error";
import { useHydrated } from "@/components/use-hydrated";

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== form.get("confirm")) {
      setError("The two passwords do not match.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/v1/setup", { method: "POST", body: { email, name: String(form.get("name") ?? ""), password } });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
      return;
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    router.replace(result?.ok ? "/tickets" : "/login");
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit}>
      <noscript>
        <p className="notice notice-error">Glimpse&apos;s console needs JavaScript to set up.</p>
      </noscript>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="name">Your name</label>
        <input id="name" name="name" autoComplete="name" required maxLength={120} />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} aria-describedby="password-hint" />
        <span id="password-hint" className="hint">At least 12 characters.</span>
      </div>
      <div className="field">
        <label htmlFor="confirm">Confirm password</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={12} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy || !hydrated}>
        {busy ? "Creating…" : "Create admin account"}
      </button>
    </form>
  );
}
