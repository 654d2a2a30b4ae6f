import { stripQuery } from "./scrub-event";

/** Single-page apps change address without a page load: `onNavigate` hears of each new address. */
export function watchHistory(onNavigate: (href: string) => void) {
  let last = stripQuery(location.href);
  const check = () => {
    const href = stripQuery(location.href);
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
}
