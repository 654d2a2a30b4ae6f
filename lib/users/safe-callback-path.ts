import "server-only";
const ORIGIN = "http://glimpse.invalid";
const FALLBACK = "/tickets";

/** Judged after URL normalisation ("/.//evil.example" becomes "//evil.example") and percent-decoding, so no spelling of "//", "/\\" or a scheme gets through. */
export function safeCallbackPath(value: string | undefined | null): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2048) return FALLBACK;
  let decoded = value;
  for (let i = 0; i < 3; i++) {
    if (/[\\\u0000-\u001f\u007f]/.test(decoded) || /^\/\//.test(decoded) || /^[a-z][a-z0-9+.-]*:/i.test(decoded)) return FALLBACK;
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return FALLBACK;
    }
  }
  if (!URL.canParse(value, ORIGIN) || !URL.canParse(decoded, ORIGIN)) return FALLBACK;
  const url = new URL(value, ORIGIN);
  const path = `${url.pathname}${url.search}${url.hash}`;
  const decodedPath = new URL(decoded, ORIGIN).pathname;
  for (const p of [path, decodedPath]) if (/^\/[/\\]/.test(p)) return FALLBACK;
  if (url.origin !== ORIGIN || url.pathname.startsWith("/api/")) return FALLBACK;
  return path;
}
