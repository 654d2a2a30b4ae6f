const MAX_ROUTE = 512;

/** A hash router's route (`#/cart`, `#!/cart`) without its own query; other fragments are page anchors or tokens, not routes. */
export function hashRoute(href: string): string {
  const at = href.indexOf("#");
  if (at < 0) return "";
  const hash = href.slice(at);
  return /^#!?\//.test(hash) ? (hash.split("?")[0] ?? "").slice(0, MAX_ROUTE) : "";
}
