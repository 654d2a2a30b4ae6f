import "server-only";
import { NOTICE_LANGUAGES, type TNoticeLanguage } from "../notice/default-notice";

function isLanguage(value: unknown): value is TNoticeLanguage {
  return typeof value === "string" && (NOTICE_LANGUAGES as readonly string[]).includes(value);
}

/** An explicit ?lang= wins; otherwise the first supported language of Accept-Language; else English. */
export function pickLanguage(explicit: unknown, acceptLanguage: string | null): TNoticeLanguage {
  if (isLanguage(explicit)) return explicit;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((e) => e.lang).find(isLanguage) ?? "en";
}

export { isLanguage };
