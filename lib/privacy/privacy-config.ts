import "server-only";
import { z } from "zod";

/** Copied onto each recording as it starts, so the recording documents what was in force. */
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
});
export type TPrivacyConfig = z.infer<typeof ZPrivacyConfig>;

const MASKED_ATTRIBUTES = ["placeholder", "title", "alt", "aria-label"];
const MEDIA_SELECTOR = "img,picture,video,audio,canvas,iframe,object,embed";
/** Rich-text editors and chat boxes take typing outside <input>; what is typed there is masked too. */
const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"]),[contenteditable]:not([contenteditable="false"]) *,[role=textbox]';

export const ALWAYS_MASK_INPUT_SELECTOR = [
  "input[type=password]",
  "input[type=hidden]",
  "[autocomplete^=cc-]",
  '[name*="card" i]',
  '[name*="iban" i]',
  '[name*="ssn" i]',
  '[name*="national" i]',
  '[autocomplete*="card" i]',
  '[autocomplete*="iban" i]',
].join(",");

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

export function buildPrivacyConfig(site: TSitePrivacy): TPrivacyConfig {
  const strict = site.privacyPreset !== "balanced";
  return {
    preset: strict ? "strict" : "balanced",
    maskAllText: strict,
    maskAllInputs: true,
    maskTextSelector: strict ? "*" : joinSelectors("[data-glimpse-mask]", EDITABLE_SELECTOR, site.maskSelectors),
    // The notice, the same for both presets, promises no images and errors without content: so under balanced too, media stay blocked and console text masked.
    blockSelector: joinSelectors("[data-glimpse-block]", MEDIA_SELECTOR, site.blockSelectors),
    unmaskTextSelector: strict ? null : joinSelectors("[data-glimpse-unmask]", site.unmaskSelectors),
    maskAttributes: strict ? MASKED_ATTRIBUTES : [],
    alwaysMaskInputSelector: ALWAYS_MASK_INPUT_SELECTOR,
    console: { levels: ["error", "warn"], maskText: false },
    network: { captureFailed: true, slowMs: 3000, includeQuery: false },
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
