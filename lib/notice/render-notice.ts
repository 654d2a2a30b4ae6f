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

/** The exact text the customer reads; its SHA-256 is what a Consent records. */
export function renderNotice({ body, vars, language }: { body: string; vars: TNoticeVars; language: TNoticeLanguage }) {
  const values: Record<string, string> = {
    operator: vars.operator,
    ticket: vars.ticket,
    retention: formatRetention(vars.retentionHours, language),
    duration: formatDuration(vars.durationMinutes, language),
  };
  const text = body.replace(/\{(operator|ticket|retention|duration)\}/g, (_, name: string) => values[name]!);
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
