type TEvent = { type: number; data: any; timestamp: number };

/** rrweb holds sampled pointer positions for up to 500 ms before it emits them. */
const REST_MS = 600;

// rrweb's 50 ms sampling drops the last move, so the pointer would rest short; stamped after what rrweb held back, at the move's own time.
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
