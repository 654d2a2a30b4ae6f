import "server-only";
import { sha256Hex } from "../crypto";
import type { TNoticeLanguage } from "./default-notice";

export type TNoticeVars = { operator: string; ticket: string; retentionHours: number; durationMinutes: number };

const UNITS = {
  en: { day: ["day", "days"], hour: ["hour", "hours"], minute: ["minute", "minutes"] },
  fr: { day: ["jour", "jours"], hour: ["heure", "heures"], minute: ["minute", "minutes"] },
} as const;

function quantity(n: number, unit: keyof (typeof UNITS)["en"], language: TNoticeLanguage) {
  const [one, many] = UNITS[language][unit];
  return `${n} ${n === 1 ? one : many}`;
}

export function formatRetention(hours: number, language: TNoticeLanguage) {
  return hours % 24 === 0 ? quantity(hours / 24, "day", language) : quantity(hours, "hour", language);
}

export function formatDuration(minutes: number, language: TNoticeLanguage) {
  return minutes % 60 === 0 ? quantity(minutes / 60, "hour", language) : quantity(minutes, "minute", language);
}

/** Where a body published before {recorded} existed gets the site's sections: after its opening paragraph. */
function withRecordedSlot(body: string) {
  if (body.includes("{recorded}")) return body;
  const end = body.indexOf("\n\n");
  return end < 0 ? `${body}\n\n{recorded}` : `${body.slice(0, end)}\n\n{recorded}${body.slice(end)}`;
}

/** The exact text the customer reads: the admins' body around the site's own sections; its SHA-256 is what a Consent records. */
export function renderNotice({ body, recorded, vars, language }: { body: string; recorded: string; vars: TNoticeVars; language: TNoticeLanguage }) {
  const values: Record<string, string> = {
    operator: vars.operator,
    ticket: vars.ticket,
    retention: formatRetention(vars.retentionHours, language),
    duration: formatDuration(vars.durationMinutes, language),
    recorded,
  };
  const text = withRecordedSlot(body).replace(/\{(operator|ticket|retention|duration|recorded)\}/g, (_, name: string) => values[name]!);
  return { text, hash: sha256Hex(text) };
}

export type TNoticeBlock = { kind: "heading" | "paragraph"; text: string } | { kind: "list"; items: string[] };

/** Splits notice text into headings, paragraphs and lists, for rendering without any HTML. */
export function noticeBlocks(text: string): TNoticeBlock[] {
  const blocks: TNoticeBlock[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("## ")) blocks.push({ kind: "heading", text: line.slice(3).trim() });
    else if (line.startsWith("- ")) {
      const last = blocks[blocks.length - 1];
      if (last?.kind === "list") last.items.push(line.slice(2).trim());
      else blocks.push({ kind: "list", items: [line.slice(2).trim()] });
    } else blocks.push({ kind: "paragraph", text: line });
  }
  return blocks;
}
