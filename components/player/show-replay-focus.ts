import type { Replayer } from "@rrweb/replay";
import { IncrementalSource, MouseInteractions, EventType, type eventWithTime } from "@/lib/rrweb/types";

/** Set on the replayed element that had the customer's focus; the frame's own style draws it. */
export const FOCUS_ATTRIBUTE = "data-glimpse-replay-focus";
export const FOCUS_STYLE = `[${FOCUS_ATTRIBUTE}] { outline: 3px solid #2f4fd8 !important; outline-offset: 2px !important; box-shadow: 0 0 0 5px rgba(47, 79, 216, 0.3) !important; }`;

/**
 * Shows the recorded focus without calling focus() (that would take the agent's keyboard into the frame).
 * Painting waits a microtask: while rrweb fast-forwards a seek, nodes live in its virtual DOM until the flush.
 */
export function showReplayFocus(replayer: Replayer): void {
  let focused: number | null = null;
  let painted: Element | null = null;
  let queued = false;
  const paint = () => {
    queued = false;
    const node = focused === null ? null : replayer.getMirror().getNode(focused);
    const element = node?.nodeType === 1 ? (node as Element) : null;
    if (element === painted) return;
    painted?.removeAttribute(FOCUS_ATTRIBUTE);
    element?.setAttribute(FOCUS_ATTRIBUTE, "");
    painted = element;
  };
  replayer.on("event-cast", (payload) => {
    const event = payload as eventWithTime;
    if (event.type === EventType.FullSnapshot) {
      focused = null;
      painted = null;
    } else if (event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.MouseInteraction) {
      if (event.data.type === MouseInteractions.Focus) focused = event.data.id;
      else if (event.data.type === MouseInteractions.Blur && event.data.id === focused) focused = null;
      else return;
    } else return;
    if (!queued) {
      queued = true;
      queueMicrotask(paint);
    }
  });
}
