import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The operator's website, on its own origin (another port), carrying the Glimpse loader the way
 * the snippet tells operators to. Strings in `SECRETS` are on the page or meant to be typed by
 * the tests; none may ever reach Glimpse in clear.
 */
export const SECRETS = {
  name: "Zelda Quixote-Marsh",
  email: "zelda.qm@privacy-canary.test",
  card: "4929 1234 5678 9012",
  password: "hunter2-Canary!",
  pageText: "Loyalty member since 1987 in Saint-Canary",
  hiddenValue: "csrf-canary-71x9",
  placeholder: "Your canary name",
  consoleText: "canary console detail 5521",
  query: "order=canary-query-88",
} as const;

export type TOperatorSite = {
  origin: string;
  url: (path?: string) => string;
  /** The site key printed in the loader tag; set it once the Site exists in Glimpse. */
  siteKey: string;
  close: () => Promise<void>;
};

function page(glimpseBase: string, siteKey: string, title: string, body: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} · Canary Outfitters</title>
<script async src="${glimpseBase}/g.js" data-site="${siteKey}"></script>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:2rem auto}label{display:block;margin-top:.6rem}</style>
</head>
<body>
<h1>${title}</h1>
<p id="loyalty">${SECRETS.pageText}</p>
${body}
</body>
</html>`;
}

const form = `<form id="details" onsubmit="return false">
<input type="hidden" name="csrf" value="${SECRETS.hiddenValue}">
<label for="name">Name</label><input id="name" name="name" autocomplete="name" placeholder="${SECRETS.placeholder}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email">
<label for="card">Card number</label><input id="card" name="card" autocomplete="cc-number" inputmode="numeric">
<label for="password">Password</label><input id="password" name="password" type="password">
</form>`;

const HOME = `${form}
<p><button id="stock" type="button">Check stock</button> <span id="stock-result"></span></p>
<p><a id="to-checkout" href="/checkout?${SECRETS.query}">Continue to checkout</a></p>
<script>
document.getElementById("stock").addEventListener("click", async () => {
  const res = await fetch("/api/stock?sku=42&email=${encodeURIComponent(SECRETS.email)}");
  console.error("Stock check failed:", "${SECRETS.consoleText}");
  document.getElementById("stock-result").textContent = "Stock: " + res.status;
});
</script>`;

const CHECKOUT = `${form}
<p><a id="to-home" href="/">Back to the shop</a></p>`;

// The snippet is on every page, so it is also in a same-origin frame that a page embeds: only the
// top frame may record, or two recorders would upload under the same seq.
const FRAMED = `<p><button id="framed-ping" type="button">Ping</button></p>
<iframe id="embedded" src="/checkout" title="Embedded checkout" width="600" height="420"></iframe>`;

// Thousands of nodes in one go: the recorder's mutation guard must stop instead of freezing.
const BUSY = `<p><button id="flood" type="button">Load the full catalogue</button></p>
<div id="catalogue"></div>
<script>
document.getElementById("flood").addEventListener("click", () => {
  const list = document.getElementById("catalogue");
  for (let i = 0; i < 15000; i++) { const d = document.createElement("div"); d.textContent = "Item " + i; list.appendChild(d); }
});
</script>`;

export async function startOperatorSite(opts: { port: number; glimpseBase: string; siteKey?: string }): Promise<TOperatorSite> {
  const site = { siteKey: opts.siteKey ?? "site_unset" };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const html = (title: string, body: string) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(page(opts.glimpseBase, site.siteKey, title, body));
    };
    if (path === "/") return html("Canary Outfitters", HOME);
    if (path === "/checkout") return html("Checkout", CHECKOUT);
    if (path === "/busy") return html("Catalogue", BUSY);
    if (path === "/framed") return html("Embedded checkout", FRAMED);
    if (path === "/api/stock") {
      res.writeHead(503, { "content-type": "application/json" });
      return res.end('{"error":"stock service down"}');
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path = "/") => `${origin}${path}`,
    get siteKey() {
      return site.siteKey;
    },
    set siteKey(value: string) {
      site.siteKey = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
