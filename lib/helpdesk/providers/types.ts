import "server-only";
import type { z } from "zod";

export type THelpdeskProvider = "zendesk" | "freshdesk" | "helpscout" | "intercom" | "jira" | "github";

/** ticketRef is the ticket's externalId exactly as lib/webhooks/providers/<provider>.ts builds it. */
export type TNote = { ticketRef: string; text: string; asDraft?: boolean };

export type TSendResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; retryable: boolean; retryAfterMs?: number; error: string };

export type THelpdeskClient<C> = {
  provider: THelpdeskProvider;
  label: string;
  configSchema: z.ZodType<C>;
  describeConfig(config: C): string;
  /** What each helpdesk does with asDraft is in docs/helpdesk-apis.md. */
  sendNote(config: C, note: TNote, fetchImpl?: typeof fetch): Promise<TSendResult>;
};
