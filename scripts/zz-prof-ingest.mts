// temporary: per-step CPU cost of a checkpoint batch and an ordinary batch in ingest
import { gzipSync, gunzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { ZRrwebBatch } from "../lib/ingest/batch-schema.ts";
import { remaskEvents } from "../lib/ingest/remask-events.ts";
import { sanitizeEvents } from "../lib/ingest/sanitize-events.ts";
import { domContextFor } from "../lib/ingest/dom-context-for.ts";
import { parsePrivacyConfig, buildPrivacyConfig } from "../lib/privacy/privacy-config.ts";
import { deriveRecordingInfo } from "../lib/ingest/derive-recording-info.ts";
let nodeId = 0;
const el = (tagName: string, attributes: any, childNodes: any[] = []) => ({ type: 2, id: ++nodeId, tagName, attributes, childNodes });
const txt = (textContent: string) => ({ type: 3, id: ++nodeId, textContent });
const mask = (s: string) => s.replace(/\S/g, "*");
function checkpoint(ts: number) {
  nodeId = 1;
  const css = Array.from({ length: 400 }, (_, i) => `.p${i}{margin:${i % 9}px;color:#${((i * 2731) % 0xffffff).toString(16).padStart(6, "0")}}`).join("\n");
  const products = Array.from({ length: 200 }, (_, i) => el("li", { class: `product p${i}` }, [el("h3", {}, [txt(mask(`Outdoor jacket model ${i}`))]), el("p", { class: "price" }, [txt(mask(`${(i * 3.7 + 19).toFixed(2)} EUR`))]), el("button", { type: "button", class: "add" }, [txt(mask("Add to basket"))])]));
  const form = el("form", { id: "checkout" }, [...["name", "email", "address", "city", "card"].map((n) => el("label", { for: n }, [txt(mask(n)), el("input", { id: n, name: n, value: "" })]))]);
  const html = el("html", { lang: "en" }, [el("head", {}, [el("style", {}, [{ type: 3, id: ++nodeId, textContent: css, isStyle: true }])]), el("body", {}, [el("header", {}, [el("nav", {}, [txt(mask("Home Shop Basket Help"))])]), el("main", {}, [el("ul", { class: "grid" }, products), form])])]);
  return [{ type: 4, timestamp: ts, data: { href: "http://shop.example/catalogue", width: 1280, height: 720 } }, { type: 2, timestamp: ts + 30, data: { node: { type: 0, id: 1, childNodes: [html] }, initialOffset: { top: 0, left: 0 } } }];
}
const body = JSON.stringify(checkpoint(Date.now()));
const gz = gzipSync(body);
const privacyJson = JSON.stringify(buildPrivacyConfig({ privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }));
console.log("bytes", body.length, gz.length);
const steps: Record<string, number[]> = {};
const time = (k: string, fn: () => any) => { const t = performance.now(); const r = fn(); (steps[k] ??= []).push(performance.now() - t); return r; };
for (let i = 0; i < 60; i++) {
  const text = time("gunzip", () => gunzipSync(gz).toString());
  const v = time("parse", () => JSON.parse(text));
  const p = time("zod", () => ZRrwebBatch.safeParse(v));
  const cfg = time("privacy", () => parsePrivacyConfig(privacyJson));
  const ctx = domContextFor("r" + i, 0, 0);
  const m = time("remask", () => remaskEvents(p.data, cfg, ctx));
  const s = time("sanitize", () => sanitizeEvents(m));
  const j = time("stringify", () => JSON.stringify(s));
  time("brotli5", () => brotliCompressSync(j, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }));
  try { time("derive", () => (deriveRecordingInfo as any)(s)); } catch {}
}
for (const [k, xs] of Object.entries(steps)) { const w = xs.slice(10).sort((a, b) => a - b); console.log(k.padEnd(10), "first", xs[0]!.toFixed(1), "median", w[Math.floor(w.length / 2)]!.toFixed(2)); }
