import { createServer, type Server } from "node:http";
import { listenAsOrigin } from "./operator-site";

/**
 * A failed checkout on the operator's own origin, shaped like a real shop's: the signed-in
 * customer's name and email in the header, a payment form, a "Pay now" button whose POST fails
 * with 402, an alert that repeats the email, and the page's own script logging the email and a
 * TypeError. What the agent needs is in `FACTS`; what no configuration may let through is in
 * `PERSONAL`.
 */
export const PERSONAL = {
  displayedName: "Océane Grimaldi-Voss",
  displayedEmail: "oceane.voss@canary-mail.test",
  typedName: "Wilhelmina Quartzfield",
  typedCard: "4539 1488 0343 6467",
  typedPassword: "Tr0ub4dor&Canary",
} as const;

export const SCRIPT_NAME = "checkout-page.js";

/** Each fact, and how to find it in the text the agent can read. */
export const FACTS: { name: string; found: (text: string) => boolean }[] = [
  { name: "heading", found: (t) => t.includes("Review and pay") },
  { name: "button label", found: (t) => t.includes("Pay now") },
  { name: "alert text", found: (t) => t.includes("Your card was declined") },
  { name: "console message", found: (t) => t.includes("Payment failed for") && t.includes("reading 'total'") },
  { name: "script in the stack", found: (t) => new RegExp(`${SCRIPT_NAME.replace(".", "\\.")}:\\d+:\\d+`).test(t) },
  { name: "failed path", found: (t) => t.includes("/api/pay") },
  { name: "failed status", found: (t) => /"status":402\b/.test(t) },
];

export const UNMASK_SELECTORS = "nav, h1, label, button, [role=alert]";

function html(glimpseBase: string, siteKey: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Checkout · Canary Outfitters</title>
<script async src="${glimpseBase}/g.js" data-site="${siteKey}"></script>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:2rem auto}label{display:block;margin-top:.6rem}[role=alert]{color:#a00}</style>
</head>
<body>
<header><nav><a href="/">Shop</a> · <a href="/orders">Orders</a></nav>
<p class="who">Signed in as <span id="who-name">${PERSONAL.displayedName}</span> (<span id="who-email">${PERSONAL.displayedEmail}</span>)</p></header>
<h1>Review and pay</h1>
<form id="pay-form">
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name">
<label for="card">Card number</label><input id="card" name="cardnumber" autocomplete="cc-number" inputmode="numeric">
<label for="password">Account password</label><input id="password" name="password" type="password">
<p><button id="pay" type="submit">Pay now</button></p>
</form>
<div id="result"></div>
<script src="/assets/${SCRIPT_NAME}?v=3"></script>
</body>
</html>`;
}

const SCRIPT = `document.getElementById("pay-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const email = document.getElementById("who-email").textContent;
  const res = await fetch("/api/pay?customer=" + encodeURIComponent(email), { method: "POST", body: "{}" });
  const order = await res.json();
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.id = "declined";
  alert.textContent = "Your card was declined. A receipt was not sent to " + email + ".";
  document.getElementById("result").append(alert);
  console.error("Payment failed for " + email);
  try {
    renderTotal(order);
  } catch (error) {
    console.error(error);
  }
});
function renderTotal(order) {
  return order.summary.total.toFixed(2);
}
`;

export type TCheckoutSite = { origin: string; url: (siteKey: string) => string; close: () => Promise<void> };

export async function startCheckoutSite(opts: { port: number; glimpseBase: string }): Promise<TCheckoutSite> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/checkout") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(html(opts.glimpseBase, url.searchParams.get("site") ?? ""));
    }
    if (url.pathname === `/assets/${SCRIPT_NAME}`) {
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return res.end(SCRIPT);
    }
    if (url.pathname === "/api/pay" && req.method === "POST") {
      res.writeHead(402, { "content-type": "application/json" });
      return res.end('{"error":"card_declined"}');
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  const { origin, close } = await listenAsOrigin(server, opts.port);
  return { origin, url: (siteKey) => `${origin}/checkout?site=${encodeURIComponent(siteKey)}`, close };
}
