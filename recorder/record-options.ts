import { MASK } from "./scrub-event";
import type { TPrivacyConfig } from "../lib/recorder-sessions/contract";

export const BADGE_SELECTOR = "[data-glimpse-badge]";

/** What the recorder falls back to when the server sends no (or a partial) configuration. */
export const STRICT_PRIVACY: TPrivacyConfig = {
  preset: "strict",
  maskAllText: true,
  maskAllInputs: true,
  maskTextSelector: "*",
  blockSelector: "img,picture,video,audio,canvas,iframe,object,embed,svg image,[data-glimpse-block]",
  unmaskTextSelector: null,
  maskAttributes: ["placeholder", "title", "alt", "aria-label"],
  alwaysMaskInputSelector: "input[type=password],input[type=hidden],[autocomplete^=cc-]",
  console: { levels: ["error", "warn"], maskText: false },
  network: { captureFailed: true, slowMs: 3000, includeQuery: false },
};

export function withDefaults(privacy: Partial<TPrivacyConfig> | undefined): TPrivacyConfig {
  const merged = { ...STRICT_PRIVACY, ...privacy, maskAllInputs: true as const };
  merged.maskAttributes = [...new Set([...(merged.maskAttributes ?? []).map((a) => a.toLowerCase())])];
  return merged;
}

const join = (...selectors: (string | null | undefined)[]) => selectors.filter((s) => s && s.trim()).join(",");

/** rrweb options for a privacy configuration. The badge is blocked so it never shows in a replay. */
export function recordOptions(privacy: TPrivacyConfig) {
  const unmask = privacy.preset === "balanced" ? privacy.unmaskTextSelector : null;
  return {
    maskAllInputs: true,
    maskTextSelector: privacy.maskAllText ? "*" : join(privacy.maskTextSelector, privacy.alwaysMaskInputSelector, "[data-glimpse-mask]"),
    maskInputFn: (text: string) => (text ? MASK : ""),
    maskTextFn: (text: string, el: HTMLElement | null) => {
      if (unmask && el?.closest(unmask) && !el.closest("[data-glimpse-mask]")) return text;
      // Whitespace carries no information and keeps the replayed layout intact.
      return text.trim() ? MASK : text;
    },
    blockSelector: join(privacy.blockSelector, BADGE_SELECTOR),
    slimDOMOptions: "all" as const,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    inlineStylesheet: true,
    checkoutEveryNms: 5 * 60_000,
    sampling: { mousemove: 50, scroll: 150, input: "last" as const },
  };
}
