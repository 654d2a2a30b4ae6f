import { FLOOR_SELECTOR, STRICT_PRIVACY, MASK, TextClass, TYPED_SELECTOR, textAs, type TPrivacyConfig } from "../lib/privacy/privacy-rules";

export const BADGE_SELECTOR = "[data-glimpse-badge]";
export { STRICT_PRIVACY };

export function withDefaults(privacy: Partial<TPrivacyConfig> | undefined): TPrivacyConfig {
  const merged = { ...STRICT_PRIVACY, ...privacy, maskAllInputs: true as const };
  merged.maskAttributes = [...new Set([...(merged.maskAttributes ?? []).map((a) => a.toLowerCase())])];
  return merged;
}

const join = (...selectors: (string | null | undefined)[]) => selectors.filter((s) => s && s.trim()).join(",");

// A selector the browser rejects counts as matching for masks and as not matching for unmasks.
function within(el: Element, selector: string, onError: boolean) {
  try {
    return !!selector && !!el.closest(selector);
  } catch {
    return onError;
  }
}

/** How an element's text is recorded; lib/ingest/mask-dom.ts decides the same on the server. */
export function textClassifier(privacy: TPrivacyConfig) {
  const floor = join(FLOOR_SELECTOR, privacy.alwaysMaskInputSelector);
  const mask = privacy.maskAllText ? "*" : privacy.maskTextSelector;
  const unmask = privacy.unmaskTextSelector ?? "";
  return (el: Element | null): TextClass => {
    if (!el || within(el, TYPED_SELECTOR, true)) return el ? TextClass.Typed : TextClass.Masked;
    if (within(el, floor, true)) return TextClass.Masked;
    return within(el, unmask, false) || !within(el, mask, true) ? TextClass.Visible : TextClass.Masked;
  };
}

/** rrweb options for a privacy configuration. The badge is blocked so it never shows in a replay. */
export function recordOptions(privacy: TPrivacyConfig, classOf = textClassifier(privacy)) {
  return {
    maskAllInputs: true,
    // Every text goes through maskTextFn, which masks it, or scrubs what is recorded visible.
    maskTextSelector: "*",
    maskInputFn: (text: string) => (text ? MASK : ""),
    maskTextFn: (text: string, el: HTMLElement | null) => (el?.tagName === "STYLE" ? text : textAs(text, classOf(el))),
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
