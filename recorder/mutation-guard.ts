const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };

/** Changed nodes in a batch: an added subtree is serialised node by node, however it was inserted. */
// Indexed loops and nodeType: this runs on every batch of the page's own mutations, so it stays cheap.
function unitsOf(records: MutationRecord[]) {
  let units = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.type !== "childList") {
      units++;
      continue;
    }
    units += r.removedNodes.length;
    const added = r.addedNodes;
    for (let j = 0; j < added.length; j++) {
      const node = added[j]!;
      units += node.nodeType === Node.ELEMENT_NODE ? 1 + (node as Element).getElementsByTagName("*").length : 1;
    }
  }
  return units;
}

// Observers before and after rrweb's (they run in creation order) time its work; stops before a batch expected to freeze the page, or past `windowBudgetMs` per `windowMs`.
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
    // After rrweb's first full snapshot: what the parser inserts on load is in that snapshot.
    arm() {
      if (after) return;
      after = new MutationObserver(measure);
      before.observe(document, OBSERVE);
      after.observe(document, OBSERVE);
    },
    stop,
  };
}
