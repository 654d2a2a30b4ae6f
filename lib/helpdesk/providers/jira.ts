import "server-only";
import { z } from "zod";
import { ZBaseUrl, ZSecret, ZSubdomain, basicAuth, callApi, outcome, seg } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

export const ZJiraConfig = z.strictObject({
  site: ZSubdomain,
  email: z.email().max(320),
  apiToken: ZSecret,
  baseUrl: ZBaseUrl.optional(),
});
export type TJiraConfig = z.infer<typeof ZJiraConfig>;

const apiBase = (c: TJiraConfig) => c.baseUrl ?? `https://${c.site}.atlassian.net`;

type TInline = { type: "text"; text: string; marks?: Array<{ type: "link"; attrs: { href: string } }> } | { type: "hardBreak" };

const URL_RE = /https?:\/\/[^\s<>"]+/g;

function inline(line: string): TInline[] {
  const nodes: TInline[] = [];
  let at = 0;
  for (const m of line.matchAll(URL_RE)) {
    const href = m[0].replace(/[.,;:!?)\]]+$/, "");
    if (m.index > at) nodes.push({ type: "text", text: line.slice(at, m.index) });
    nodes.push({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] });
    at = m.index + href.length;
  }
  if (at < line.length) nodes.push({ type: "text", text: line.slice(at) });
  return nodes;
}

/** Plain text as an Atlassian Document: blank lines separate paragraphs, line breaks are hardBreaks, URLs are links. */
export function textToAdf(text: string) {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.split("\n").filter((l) => l.length > 0))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({ type: "paragraph" as const, content: lines.flatMap((l, i) => (i === 0 ? inline(l) : [{ type: "hardBreak" as const }, ...inline(l)])) }));
  return { type: "doc" as const, version: 1 as const, content: paragraphs };
}

const rules = {
  label: "Jira",
  hints: {
    400: "Jira refused the comment",
    401: "check the account email and the API token",
    403: "the account may not comment on this issue",
    404: "issue not found, or the account cannot see it",
  },
};

/** An ADF comment, internal in Service Management projects through sd.public.comment; no drafts (docs/helpdesk-apis.md#jira). */
export const jiraClient: THelpdeskClient<TJiraConfig> = {
  provider: "jira",
  label: "Jira",
  configSchema: ZJiraConfig,
  describeConfig: (c) => `${new URL(apiBase(c)).host} as ${c.email}`,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    if (!/^(?:[A-Za-z][A-Za-z0-9_]{0,254}-\d{1,12}|\d{1,18})$/.test(note.ticketRef)) {
      return { ok: false, status: null, retryable: false, error: "Jira tickets are issue keys such as SUP-123" };
    }
    const answer = await callApi(fetchImpl, {
      method: "POST",
      url: `${apiBase(config)}/rest/api/3/issue/${seg(note.ticketRef)}/comment`,
      headers: { authorization: basicAuth(config.email, config.apiToken), "content-type": "application/json" },
      body: JSON.stringify({ body: textToAdf(note.text), properties: [{ key: "sd.public.comment", value: { internal: true } }] }),
    });
    return outcome(answer, rules);
  },
};
