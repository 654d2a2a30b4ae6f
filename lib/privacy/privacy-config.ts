import "server-only";
import { z } from "zod";
import {
  ALWAYS_MASK_INPUT_SELECTOR,
  BLOCK_MARKER,
  EDITABLE_SELECTOR,
  MASK_MARKER,
  MASKED_ATTRIBUTES,
  MEDIA_SELECTOR,
  STRICT_PRIVACY,
  UNMASK_MARKER,
  type TPrivacyConfig,
} from "./privacy-rules";
import { parseSimpleSelectors } from "./simple-selectors";

export { ALWAYS_MASK_INPUT_SELECTOR, type TPrivacyConfig };

export const ZPrivacyConfig = z.object({
  preset: z.enum(["strict", "balanced"]),
  maskAllText: z.boolean(),
  maskAllInputs: z.literal(true),
  maskTextSelector: z.string(),
  blockSelector: z.string(),
  unmaskTextSelector: z.string().nullable(),
  maskAttributes: z.array(z.string()),
  alwaysMaskInputSelector: z.string(),
  console: z.object({ levels: z.array(z.enum(["error", "warn"])), maskText: z.boolean() }),
  network: z.object({ captureFailed: z.literal(true), slowMs: z.number().int().positive(), includeQuery: z.literal(false) }),
}) satisfies z.ZodType<TPrivacyConfig>;

type TSitePrivacy = {
  privacyPreset: string;
  maskSelectors: string;
  blockSelectors: string;
  unmaskSelectors: string;
};

function joinSelectors(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split(","))
    .map((s) => s.trim())
    .filter(Boolean)
    .join(",");
}

// The server checks unmasked text against these selectors again, and can only match simple ones: a site saved before the rule keeps the others masked.
export function simpleOnly(list: string): string {
  return list
    .split(",")
    .filter((s) => parseSimpleSelectors(s)[0])
    .join(",");
}

export function buildPrivacyConfig(site: TSitePrivacy): TPrivacyConfig {
  const strict = site.privacyPreset !== "balanced";
  return {
    ...STRICT_PRIVACY,
    preset: strict ? "strict" : "balanced",
    maskAllText: strict,
    maskTextSelector: strict ? "*" : joinSelectors(MASK_MARKER, EDITABLE_SELECTOR, site.maskSelectors),
    // The notice, the same for both presets, promises no images: so under balanced too, media stay blocked.
    blockSelector: joinSelectors(BLOCK_MARKER, MEDIA_SELECTOR, site.blockSelectors),
    unmaskTextSelector: joinSelectors(UNMASK_MARKER, simpleOnly(site.unmaskSelectors)),
    maskAttributes: MASKED_ATTRIBUTES,
  };
}

/** Reads a recording's snapshot; a snapshot that fails to parse is treated as strict. */
export function parsePrivacyConfig(json: string): TPrivacyConfig {
  try {
    const parsed = ZPrivacyConfig.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return buildPrivacyConfig({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" });
}
