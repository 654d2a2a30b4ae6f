import "server-only";
import { z } from "zod";
import { type TAnswer, ZBaseUrl, ZSecret, callApi, outcome, resetAtMs, retryAfterMs, safeCode, seg, textToHtml } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

/** A version listed in Intercom's API reference; pinned so a workspace default cannot change the request shape. */
export const INTERCOM_VERSION = "2.11";

export const ZIntercomConfig = z.strictObject({
  accessToken: ZSecret,
  adminId: z.string().trim().regex(/^\d{1,20}$/, "the admin's numeric id"),
  baseUrl: ZBaseUrl.optional(),
});
export type TIntercomConfig = z.infer<typeof ZIntercomConfig>;

const apiBase = (c: TIntercomConfig) => c.baseUrl ?? "https://api.intercom.io";

const rules = {
  label: "Intercom",
  code: (json: unknown) => {
    const errors = (json as { errors?: Array<{ code?: unknown }> } | null)?.errors;
    return safeCode(Array.isArray(errors) ? errors[0]?.code : null);
  },
  hints: {
    400: "Intercom refused the note",
    401: "check the access token",
    403: "the access token may not reply to conversations",
    404: "conversation or admin not found",
  },
  waitMs: (a: TAnswer) => retryAfterMs(a.headers.get("retry-after")) ?? resetAtMs(a.headers.get("x-ratelimit-reset")),
};

/** An admin note, also for asDraft; ticket ids look like conversation ids, so a not_found is tried as a ticket (docs/helpdesk-apis.md#intercom). */
export const intercomClient: THelpdeskClient<TIntercomConfig> = {
  provider: "intercom",
  label: "Intercom",
  configSchema: ZIntercomConfig,
  describeConfig: (c) => `${new URL(apiBase(c)).host} as admin ${c.adminId}`,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    if (!/^\d{1,30}$/.test(note.ticketRef)) return { ok: false, status: null, retryable: false, error: "Intercom conversation ids are numbers" };
    const send = (kind: "conversations" | "tickets") =>
      callApi(fetchImpl, {
        method: "POST",
        url: `${apiBase(config)}/${kind}/${seg(note.ticketRef)}/reply`,
        headers: { authorization: `Bearer ${config.accessToken}`, "intercom-version": INTERCOM_VERSION, "content-type": "application/json" },
        body: JSON.stringify({ message_type: "note", type: "admin", admin_id: config.adminId, body: textToHtml(note.text) }),
      });
    const first = await send("conversations");
    const notFound = "status" in first && first.status === 404 && rules.code(first.json) === "not_found";
    return outcome(notFound ? await send("tickets") : first, rules);
  },
};
