/**
 * rrweb serialises every mutation on the main thread; a page that rewrites thousands of nodes
 * at once would freeze. This observer is created before rrweb's, so it sees each batch of
 * mutations first and can stop the recording before rrweb starts on it.
 */
export function guardMutations(onLimit: () => void, { perBatch = 10_000, perWindow = 50_000, windowMs = 10_000 } = {}) {
  let windowStart = performance.now();
  let inWindow = 0;
  const observer = new MutationObserver((records) => {
    let cost = 0;
    for (const r of records) {
      cost += r.type === "childList" ? r.removedNodes.length : 1;
      // An added subtree is serialised node by node, however it was inserted.
      for (const node of r.addedNodes) cost += 1 + (node instanceof Element ? node.getElementsByTagName("*").length : 0);
    }
    const now = performance.now();
    if (now - windowStart > windowMs) {
      windowStart = now;
      inWindow = 0;
    }
    inWindow += cost;
    if (cost >= perBatch || inWindow >= perWindow) {
      observer.disconnect();
      onLimit();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  return () => observer.disconnect();
}
