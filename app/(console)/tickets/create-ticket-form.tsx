"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { FormError } from "@/components/form-error";

export function CreateTicketForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = String(form.get("subject") ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      const { ticket } = await apiFetch<{ ticket: { id: string } }>("/api/v1/tickets", {
        method: "POST",
        body: { externalId: String(form.get("externalId") ?? ""), ...(subject ? { subject } : {}) },
      });
      router.push(`/tickets/${ticket.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="inline-form">
      <div className="field">
        <label htmlFor="externalId">Ticket id</label>
        <input id="externalId" name="externalId" required maxLength={200} placeholder="The helpdesk's id" />
      </div>
      <div className="field" style={{ flex: 1, minWidth: "14rem" }}>
        <label htmlFor="subject">Subject (optional)</label>
        <input id="subject" name="subject" maxLength={300} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Creating…" : "Create ticket"}
      </button>
      <FormError message={error} style={{ flexBasis: "100%" }} />
    </form>
  );
}
