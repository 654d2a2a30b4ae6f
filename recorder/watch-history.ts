import { hashRoute } from "../lib/rrweb/hash-route";
import { scrubPii } from "../lib/privacy/scrub-pii";
import { stripQuery } from "./scrub-event";

/** The address as the timeline names a page: no query, and a hash router's route (`#/cart`) without its own query. */
export const currentPage = () => scrubPii(stripQuery(location.href) + hashRoute(location.href));

/** Single-page apps change address without a page load: `onNavigate` hears of each new address. */
export function watchHistory(onNavigate: (href: string) => void) {
  let last = currentPage();
  const check = () => {
    const href = currentPage();
    if (href !== last) {
      last = href;
      onNavigate(href);
    }
  };
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
  }
  addEventListener("popstate", check);
  addEventListener("hashchange", check);
}
