import "server-only";

/** Set by the proxy on every page request: the address asked for, so that signing in can return to it. */
export const REQUEST_PATH_HEADER = "x-glimpse-path";

/** Path and query of a page request, without Next's own `_rsc` cache-buster. */
export function requestPath(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete("_rsc");
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}
