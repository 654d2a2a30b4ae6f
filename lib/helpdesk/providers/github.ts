import "server-only";
import { z } from "zod";
import { type TAnswer, ZBaseUrl, ZSecret, callApi, outcome, resetAtMs, retryAfterMs, safeCode, seg } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

export const ZGitHubConfig = z.strictObject({
  token: ZSecret,
  baseUrl: ZBaseUrl.optional(),
});
export type TGitHubConfig = z.infer<typeof ZGitHubConfig>;

const apiBase = (c: TGitHubConfig) => c.baseUrl ?? "https://api.github.com";

/** The webhook's externalId: `owner/repo#number`, from repository.full_name and issue.number. */
export function parseIssueRef(ref: string) {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})#(\d{1,10})$/.exec(ref);
  if (!m || m[2]! === "." || m[2]! === "..") return null;
  return { owner: m[1]!, repo: m[2]!, number: m[3]! };
}

const rateLimitExhausted = (a: TAnswer) => a.headers.get("x-ratelimit-remaining") === "0";
const secondaryLimit = (a: TAnswer) => /secondary rate limit/i.test(String((a.json as { message?: unknown } | null)?.message ?? ""));

const rules = {
  label: "GitHub",
  code: (json: unknown) => {
    const errors = (json as { errors?: Array<{ code?: unknown }> } | null)?.errors;
    return safeCode(Array.isArray(errors) ? errors[0]?.code : null);
  },
  hints: {
    401: "check the token",
    403: "the token may not comment on this repository's issues (it needs Issues: write)",
    404: "issue not found, or the token cannot see the repository",
    410: "issues are disabled on this repository",
    422: "GitHub refused the comment",
  },
  // GitHub signals both its primary and its secondary rate limits with a 403 or a 429.
  throttled: (a: TAnswer) => a.status === 403 && (rateLimitExhausted(a) || a.headers.has("retry-after") || secondaryLimit(a)),
  waitMs: (a: TAnswer) =>
    retryAfterMs(a.headers.get("retry-after")) ?? (rateLimitExhausted(a) ? resetAtMs(a.headers.get("x-ratelimit-reset")) : null) ?? 60_000,
};

/** An issue comment; GitHub has no drafts or private comments, so asDraft changes nothing (docs/helpdesk-apis.md#github). */
export const githubClient: THelpdeskClient<TGitHubConfig> = {
  provider: "github",
  label: "GitHub Issues",
  configSchema: ZGitHubConfig,
  describeConfig: (c) => new URL(apiBase(c)).host,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    const ref = parseIssueRef(note.ticketRef);
    if (!ref) return { ok: false, status: null, retryable: false, error: "GitHub tickets are owner/repo#number" };
    const answer = await callApi(fetchImpl, {
      method: "POST",
      url: `${apiBase(config)}/repos/${seg(ref.owner)}/${seg(ref.repo)}/issues/${ref.number}/comments`,
      headers: {
        authorization: `Bearer ${config.token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "content-type": "application/json",
      },
      body: JSON.stringify({ body: note.text }),
    });
    return outcome(answer, rules);
  },
};
