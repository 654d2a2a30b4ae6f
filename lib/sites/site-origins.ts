import "server-only";
import { z } from "zod";

const ZOrigins = z.array(z.string());

/** Sites keep their allowed origins as a JSON array in a text column (portable across databases). */
export function parseOrigins(json: string): string[] {
  try {
    const parsed = ZOrigins.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Normalises "https://Shop.example.com/path" to "https://shop.example.com"; null if not http(s) or if it carries user:pass@. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}
