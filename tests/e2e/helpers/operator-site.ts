import { readFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

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
  query: "order=canary-query-88",
} as const;

/** Logged by the home page with its failed stock check: a console message is kept, so this one reaches the agent. */
export const CONSOLE_TEXT = "canary console detail 5521";

export type TOperatorSite = {
  origin: string;
  url: (path?: string) => string;
  /** The site key printed in the loader tag; set it once the Site exists in Glimpse. */
  siteKey: string;
  /** How many requests each path received (the web font and the background image, say). */
  hits: (path: string) => number;
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
  console.error("Stock check failed:", "${CONSOLE_TEXT}");
  document.getElementById("stock-result").textContent = "Stock: " + res.status;
});
</script>`;

/**
 * An account page for strict + unmask selectors ("nav, h1, label, button, [role=alert]"): the
 * interface text is declared safe, the customer's displayed name is not, and the alert that a
 * failed save shows carries the customer's email.
 */
export const ACCOUNT_UNMASK_SELECTORS = "nav, h1, label, button, [role=alert]";
const ACCOUNT = `<nav><a id="nav-shop" href="/">Shop</a> · <a id="nav-account" href="/account">Account settings</a></nav>
<p id="greeting">Signed in as <span id="displayed-name">${SECRETS.name}</span></p>
${form}
<p><button id="save" type="button">Save details</button></p>
<div id="notice" role="alert"></div>
<script>
document.getElementById("save").addEventListener("click", () => {
  document.getElementById("notice").textContent = "Could not save the details for ${SECRETS.email}";
});
</script>`;

const CHECKOUT = `${form}
<p><a id="to-home" href="/">Back to the shop</a></p>`;

// The snippet is on every page, so it is also in a same-origin frame that a page embeds: only the
// top frame may record, or two recorders would upload under the same seq.
const FRAMED = `<p><button id="framed-ping" type="button">Ping</button></p>
<iframe id="embedded" src="/checkout" title="Embedded checkout" width="600" height="420"></iframe>`;

// Hundreds of thousands of nodes in one go (15,000 items of a dozen nodes each): serialising that
// would block the page for seconds, so the recorder's mutation guard must stop instead.
const BUSY = `<p><button id="flood" type="button">Load the full catalogue</button></p>
<div id="catalogue"></div>
<script>
document.getElementById("flood").addEventListener("click", () => {
  const list = document.getElementById("catalogue");
  const cells = ["sku", "name", "size", "colour", "price", "stock"];
  for (let i = 0; i < 15000; i++) {
    const d = document.createElement("div");
    for (const c of cells) { const s = document.createElement("span"); s.className = c; s.textContent = c + " " + i; d.appendChild(s); }
    list.appendChild(d);
  }
});
</script>`;

// A list of 2,000 tasks and one button that ticks them all: five changes per item, 10,000 in one
// batch, which rrweb handles in a few hundred milliseconds.
const TODO = `<p><button id="toggle-all" type="button">Toggle all</button></p>
<ul id="tasks">${Array.from({ length: 2000 }, (_, i) => `<li class="task"><input type="checkbox" id="t${i}"><label for="t${i}">Task ${i}</label> <span class="state">open</span></li>`).join("")}</ul>
<script>
document.getElementById("toggle-all").addEventListener("click", () => {
  for (const li of document.querySelectorAll("#tasks li")) {
    const box = li.querySelector("input");
    box.toggleAttribute("checked");
    box.checked = box.hasAttribute("checked");
    li.classList.toggle("done");
    li.setAttribute("aria-checked", String(box.checked));
    li.querySelector(".state").textContent = box.checked ? "done" : "open";
  }
  document.getElementById("toggle-all").dataset.toggled = "yes";
});
</script>`;

// For the player: a page exactly one viewport high with a 2 px bar on its bottom edge, and two
// boxes for the pointer to rest on.
const STAGE = `<style>html,body{margin:0;height:100%;max-width:none}#edge{position:fixed;left:0;right:0;bottom:0;height:2px;background:#c00}
.box{display:inline-block;width:200px;height:120px;margin:20px;background:#ddd}.box:hover{background:#36c}</style>
<div id="left" class="box">Left</div><div id="right" class="box">Right</div><div id="edge"></div>`;

// A page whose own script file fails: a POST refused with 402, a console error that names the
// customer, then a TypeError thrown from the click handler. The script is loaded with a query.
export const ERRORS_EMAIL = "jane.doe@example.com";
const ERRORS = `<p><button id="pay" type="button">Pay now</button> <span id="pay-result"></span></p>
<script src="/assets/errors.js?v=7&session=canary-script-query"></script>`;
const ERRORS_JS = `function readTotal(cart) {
  return cart.total.amount;
}
document.getElementById("pay").addEventListener("click", () => {
  fetch("/api/checkout/pay?email=${encodeURIComponent(ERRORS_EMAIL)}", { method: "POST", body: "{}" }).then((res) => {
    console.error("failed for ${ERRORS_EMAIL}");
    document.getElementById("pay-result").textContent = "Payment " + res.status;
  });
  readTotal({});
});
`;

// A 1x1 PNG, served as the hash-routed app's CSS background image.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
// A real web font from the installed packages (Next.js's Geist).
const FONT = path.resolve(import.meta.dirname, "../../../node_modules/next/dist/next-devtools/server/font/geist-latin.woff2");

/**
 * A single-page app with its own hash router, written the way vue-router's hash mode behaves: the
 * route is the fragment, always "#/…", so it rewrites "#glimpse=…" to "#/glimpse=…" on start and
 * shows "not found" for it. Glimpse's snippet arrives 300 ms after the app's own code (a tag
 * manager, a slow CDN). It uses a web font and a CSS background image from its own origin.
 */
function spaPage(glimpseBase: string, siteKey: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Canary App</title>
<style>
@font-face { font-family: "Canary Sans"; src: url(/assets/canary-sans.woff2) format("woff2"); }
body { font-family: "Canary Sans", monospace; max-width: 640px; margin: 2rem auto; }
.hero { width: 320px; height: 120px; background: #eee url(/assets/hero.png) repeat; }
</style>
</head>
<body>
<nav><a id="nav-home" href="#/">Home</a> · <a id="nav-orders" href="#/orders">Orders</a></nav>
<main id="view"></main>
<script>
const routes = {
  "/": '<h1 id="home">Welcome back</h1><div id="hero" class="hero"></div>',
  "/orders": '<h1 id="orders">Your orders</h1><ul><li>Order 1001</li><li>Order 1002</li></ul>',
};
function render() {
  const route = location.hash.slice(1).split("?")[0] || "/";
  document.getElementById("view").innerHTML = routes[route] ?? '<h1 id="not-found">Page not found</h1>';
  document.body.dataset.route = route;
}
if (!location.hash.startsWith("#/")) history.replaceState(history.state, "", "#/" + location.hash.slice(1));
addEventListener("popstate", render);
render();
setTimeout(() => {
  const s = document.createElement("script");
  s.async = true;
  s.src = ${JSON.stringify(`${glimpseBase}/g.js`)};
  s.dataset.site = ${JSON.stringify(siteKey)};
  document.head.append(s);
}, 300);
</script>
</body>
</html>`;
}

/**
 * A large server-rendered page with the snippet in <head>, streamed: the recorder starts while the
 * parser is still inserting 4,000 table rows (tens of thousands of nodes).
 */
async function streamBigPage(res: ServerResponse, glimpseBase: string, siteKey: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.write(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Order history · Canary Outfitters</title>
<script async src="${glimpseBase}/g.js" data-site="${siteKey}"></script>
</head>
<body>
<h1>Order history</h1>
<table id="orders"><tbody>
`);
  await new Promise((r) => setTimeout(r, 800));
  for (let chunk = 0; chunk < 8; chunk++) {
    const rows = Array.from({ length: 500 }, (_, j) => {
      const i = chunk * 500 + j;
      return `<tr><td><input type="checkbox" aria-label="Select ${i}"></td><td>Order ${i}</td><td><span class="status">shipped</span></td><td>${i % 7} items</td></tr>`;
    });
    res.write(rows.join("\n"));
    await new Promise((r) => setTimeout(r, 100));
  }
  res.end(`</tbody></table>\n<p id="end">End of the list</p>\n</body>\n</html>`);
}

/** Listens on 127.0.0.1, and names the origin `localhost`: a site on another origin than Glimpse's. */
export async function listenAsOrigin(server: Server, port: number) {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startOperatorSite(opts: { port: number; glimpseBase: string; siteKey?: string }): Promise<TOperatorSite> {
  const site = { siteKey: opts.siteKey ?? "site_unset" };
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const html = (title: string, body: string) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(page(opts.glimpseBase, site.siteKey, title, body));
    };
    if (path === "/") return html("Canary Outfitters", HOME);
    if (path === "/checkout") return html("Checkout", CHECKOUT);
    if (path === "/account") return html("Your account", ACCOUNT);
    if (path === "/busy") return html("Catalogue", BUSY);
    if (path === "/framed") return html("Embedded checkout", FRAMED);
    if (path === "/todo") return html("Tasks", TODO);
    if (path === "/stage") return html("Stage", STAGE);
    if (path === "/errors") return html("Payment", ERRORS);
    if (path === "/assets/errors.js") {
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return res.end(ERRORS_JS);
    }
    if (path === "/api/checkout/pay" && req.method === "POST") {
      res.writeHead(402, { "content-type": "application/json" });
      return res.end('{"error":"card declined"}');
    }
    if (path === "/big") return void streamBigPage(res, opts.glimpseBase, site.siteKey);
    if (path === "/spa") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(spaPage(opts.glimpseBase, site.siteKey));
    }
    // The replay loads these from another origin (the console's frame): a font needs CORS for that.
    if (path === "/assets/canary-sans.woff2") {
      res.writeHead(200, { "content-type": "font/woff2", "access-control-allow-origin": "*", "cache-control": "no-store" });
      return res.end(readFileSync(FONT));
    }
    if (path === "/assets/hero.png") {
      res.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
      return res.end(PNG);
    }
    if (path === "/api/stock") {
      res.writeHead(503, { "content-type": "application/json" });
      return res.end('{"error":"stock service down"}');
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  const { origin, close } = await listenAsOrigin(server, opts.port);
  return {
    origin,
    url: (path = "/") => `${origin}${path}`,
    hits: (path: string) => hits.get(path) ?? 0,
    get siteKey() {
      return site.siteKey;
    },
    set siteKey(value: string) {
      site.siteKey = value;
    },
    close,
  };
}
