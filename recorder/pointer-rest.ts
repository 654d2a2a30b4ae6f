type TEvent = { type: number; data: any; timestamp: number };

/** rrweb holds sampled pointer positions for up to 500 ms before it emits them. */
const REST_MS = 600;

/**
 * rrweb samples pointer moves at most every 50 ms and drops the moves in between, the last one
 * too: when the pointer comes to rest within 50 ms of a sample, the replay shows the pointer, and
 * the hover state, where it was sampled. Once the pointer has rested, this adds where it stopped.
 * The event is stamped after everything rrweb held back, and its position carries the time of
 * the move, so the replay applies it last but at the right moment.
 */
export function recordPointerRest(emit: (e: TEvent) => void, idOf: (node: EventTarget) => number) {
  let last: { x: number; y: number; target: EventTarget; at: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rest = () => {
    const id = last ? idOf(last.target) : -1;
    if (last && id > 0) {
      const now = Date.now();
      emit({ type: 3, timestamp: now, data: { source: 1, positions: [{ x: last.x, y: last.y, id, timeOffset: last.at - now }] } });
    }
    last = null;
  };
  addEventListener(
    "mousemove",
    (e) => {
      last = { x: e.clientX, y: e.clientY, target: e.composedPath()[0] ?? e.target!, at: Date.now() };
      clearTimeout(timer);
      timer = setTimeout(rest, REST_MS);
    },
    { capture: true, passive: true },
  );
}
