import type { Replayer } from "@rrweb/replay";

// What rrweb's postcss pass changes (@rrweb/replay 2.1.6, adaptCssForReplay): a selector holding
// `:hover` is copied onto a class it can set, and a media query on the device's width or height becomes one on the width or
// height. tests/repo/rrweb-replay-css.test.ts fails if rrweb's build no longer reads this way.
const HOVER = ":hover";
const DEVICE_MEDIA = /(max|min)-device-(width|height)/;

/** True when rrweb's replay pass would give the sheet back unchanged: postcss keeps every byte it does not change. */
export const isPlainSheet = (css: string) => !css.includes(HOVER) && !DEVICE_MEDIA.test(css);

/** rrweb's cache of adapted sheets, which answers a plain sheet with itself, so it is never parsed. */
export class PlainSheetCache extends Map<string, string> {
  override get(css: string): string | undefined {
    return super.get(css) ?? (isPlainSheet(css) ? css : undefined);
  }
}

/**
 * rrweb parses every recorded stylesheet with postcss before it shows a snapshot; for a sheet of 1,500 rules that was
 * 10–25 ms of a first frame of 50. A sheet that the pass would not change now skips it; one with a `:hover` rule or a
 * device-width query is adapted as before. Called before the replayer's first snapshot, which rrweb builds in a timer.
 */
export function skipPlainSheets(replayer: Replayer): void {
  const cache = (replayer as unknown as { cache?: { stylesWithHoverClass?: unknown } }).cache;
  if (!cache || !(cache.stylesWithHoverClass instanceof Map)) return;
  cache.stylesWithHoverClass = new PlainSheetCache(cache.stylesWithHoverClass as Map<string, string>);
}
