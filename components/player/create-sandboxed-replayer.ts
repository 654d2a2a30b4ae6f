import { Replayer } from "@rrweb/replay";
import type { eventWithTime, TRrwebEvent } from "@/lib/rrweb/types";
import { FOCUS_STYLE, showReplayFocus } from "./show-replay-focus";
import { adaptSheetsForReplay } from "./adapt-sheets-for-replay";

export type TSandboxedReplayerOptions = { events?: TRrwebEvent[]; liveMode?: boolean; speed?: number; skipInactive?: boolean };

/** The one place a Replayer is made, so its safety options cannot differ between the replay and the live view. */
export function createSandboxedReplayer(root: HTMLElement, { events = [], ...opts }: TSandboxedReplayerOptions = {}): Replayer {
  const replayer = new Replayer(events as eventWithTime[], {
    ...opts,
    root,
    mouseTail: false,
    showWarning: false,
    triggerFocus: false,
    // Canvas replay adds allow-scripts to the frame's sandbox, and forged events could then run code.
    UNSAFE_replayCanvas: false,
    insertStyleRules: [FOCUS_STYLE],
  });
  adaptSheetsForReplay(replayer);
  showReplayFocus(replayer);
  return replayer;
}
