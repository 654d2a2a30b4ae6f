const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };

/** Changed nodes in a batch: an added subtree is serialised node by node, however it was inserted. */
function unitsOf(records: MutationRecord[]) {
  let units = 0;
  for (const r of records) {
    units += r.type === "childList" ? r.removedNodes.length : 1;
    for (const node of r.addedNodes) units += 1 + (node instanceof Element ? node.getElementsByTagName("*").length : 0);
  }
  return units;
}

/**
 * rrweb serialises every DOM change on the main thread, in its MutationObserver callback. The
 * guard judges by what that costs on this device: an observer created before rrweb's and one
 * created after it time rrweb's handling of each batch, and teach the guard the cost of a changed
 * node. A freeze is the page not answering for `freezeMs` because of the recorder, or the recorder
 * taking more than `windowBudgetMs` of the main thread within `windowMs`. The guard stops the
 * recording before rrweb starts on a batch that it expects to freeze the page (observers are
 * called in the order they were created, and a disconnected one is not called), and after batches
 * that together took too long.
 *
 * It judges nothing until `arm()`, once rrweb has taken its first full snapshot: what the parser
 * inserts while the page loads is part of that snapshot, never mutations to serialise.
 */
export function guardMutations(
  onLimit: () => void,
  { freezeMs = 1_500, windowMs = 10_000, windowBudgetMs = 3_000, msPerUnit = 0.03 } = {},
) {
  let batch: { start: number; units: number } | null = null;
  let spent: { at: number; ms: number }[] = [];
  let after: MutationObserver | undefined;
  const stop = () => {
    before.disconnect();
    after?.disconnect();
  };
  const before = new MutationObserver((records) => {
    const units = unitsOf(records);
    if (units * msPerUnit > freezeMs) {
      stop();
      return onLimit();
    }
    batch = { start: performance.now(), units };
  });
  const measure = () => {
    if (!batch) return;
    const now = performance.now();
    const ms = now - batch.start;
    // Small batches say little about the cost per node: timer resolution and fixed costs.
    if (batch.units >= 200) msPerUnit = Math.min(Math.max(msPerUnit * 0.5 + (ms / batch.units) * 0.5, 0.002), 1);
    batch = null;
    spent = spent.filter((s) => now - s.at < windowMs);
    spent.push({ at: now, ms });
    if (spent.reduce((sum, s) => sum + s.ms, 0) > windowBudgetMs) {
      stop();
      onLimit();
    }
  };
  return {
    /** Call once rrweb has its own observer (after its first full snapshot). */
    arm() {
      if (after) return;
      after = new MutationObserver(measure);
      before.observe(document, OBSERVE);
      after.observe(document, OBSERVE);
    },
    stop,
  };
}
