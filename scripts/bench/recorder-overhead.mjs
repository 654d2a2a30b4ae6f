// Recording overhead in the customer's browser: main-thread time (Chrome DevTools Protocol
// Performance.getMetrics: TaskDuration, ScriptDuration, and ThreadTime, the main thread's CPU time)
// on a page of 10,000 nodes during a mutation storm, with no recorder, with bare @rrweb/record under
// the same options, and with Glimpse's recorder after a real consent. Also reports what the mutation
// guard did and what the customer's badge said at the end. Runs a production build on a free port;
// the page is served from another origin.
// One run opens the three variants side by side and storms them in turn, slice by slice; each ratio
// is the median of the per-run ratios, which are listed too (`runs`).
import { execFileSync } from "node:child_process";
import { setPriority } from "node:os";
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";
import { build } from "esbuild";
import { chromium } from "@playwright/test";
import { root } from "../lib.mjs";
import { freePort, startGlimpse } from "./lib/glimpse-server.mjs";

const SMOKE = process.env.BENCH_SMOKE === "1";
const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS || 9);
const STORM_FRAMES = SMOKE ? 30 : 120;
const SLICE_FRAMES = 10;
// Past the recorder's 5 s flush, so its serialising, compressing and uploading are counted.
const SETTLE_MS = 6_000;
const log = (...args) => console.error("[bench:recorder-overhead]", ...args);
const emit = (metric, value, unit, baseline = null, baselineLabel = "", ratio = null) =>
  console.log(JSON.stringify({ metric, value, unit, baseline, baselineLabel, ratio }));

/** A Site for the page's origin, and one accepted link per run, through the consent page's functions. */
function acceptLinks(env, origin, count) {
  const code = `
    import { createSite } from "./lib/sites/create-site.ts";
    import { acceptTestLink } from "./lib/consent/accept-test-link.ts";
    const actor = { type: "system", label: "bench" };
    const site = await createSite({ name: "Overhead bench", allowedOrigins: [${JSON.stringify(origin)}], startUrl: ${JSON.stringify(`${origin}/`)},
      privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }, actor);
    const grants = [];
    for (let i = 0; i < ${count}; i++) grants.push((await acceptTestLink({ siteId: site.id, maxDurationMinutes: 20 })).grant);
    console.log(JSON.stringify({ siteKey: site.siteKey, grants }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split("\n").pop());
}

// Bare rrweb with the options Glimpse's recorder gives it under the strict preset; events kept in memory.
async function bareRrwebBundle() {
  const out = await build({
    stdin: {
      contents: `import { record } from "@rrweb/record";
        import { recordOptions, withDefaults } from "./recorder/record-options";
        const events = [];
        record({ ...recordOptions(withDefaults(undefined)), emit: (e) => events.push(e) });
        window.__bareEvents = events;`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    write: false,
    logLevel: "error",
  });
  return out.outputFiles[0].text;
}

// 2,000 rows of five nodes each; the storm rewrites text and classes and replaces rows every frame.
const PAGE_BODY = `<h1>Catalogue</h1><ul id="rows">${Array.from(
  { length: 2000 },
  (_, i) => `<li class="row"><span class="name">Item ${i}</span><button type="button">Add</button></li>`,
).join("")}</ul>
<script>
let seed = 7;
window.storm = (frames) => new Promise((resolve) => {
  const rows = document.getElementById("rows");
  let frame = 0;
  const rand = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const tick = () => {
    for (let i = 0; i < 100; i++) rows.children[rand(2000)].firstChild.textContent = "Item " + rand(100000);
    for (let i = 0; i < 100; i++) rows.children[rand(2000)].classList.toggle("hot");
    for (let i = 0; i < 20; i++) {
      const li = document.createElement("li");
      li.className = "row";
      li.innerHTML = '<span class="name">New ' + rand(100000) + '</span><button type="button">Add</button>';
      rows.replaceChild(li, rows.children[rand(2000)]);
    }
    if (++frame < frames) requestAnimationFrame(tick); else resolve();
  };
  requestAnimationFrame(tick);
});
</script>`;

function pageHtml(mode, glimpseBase, siteKey) {
  const head =
    mode === "glimpse" ? `<script async src="${glimpseBase}/g.js" data-site="${siteKey}"></script>` : mode === "rrweb" ? `<script src="/bare-rrweb.js"></script>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Overhead</title>${head}</head><body>${PAGE_BODY}</body></html>`;
}

/** A variant's page, loaded and ready: `count()` starts its counters, `result()` reads them and closes it. */
async function open(browser, url, waitReady) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const uploads = [];
  page.on("request", (req) => {
    if (req.method() === "POST" && /\/api\/recorder\/sessions\/[^/]+\/events$/.test(new URL(req.url()).pathname)) {
      const raw = req.postDataBuffer();
      if (raw) uploads.push(req.headers()["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8"));
    }
  });
  // Armed before the navigation: the recorder's session can start before `goto` sees the load event.
  const ready = waitReady(page);
  await page.goto(url);
  await ready;
  // The load's own tasks end before the count starts, in every variant.
  await page.waitForTimeout(300);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  let before;
  return {
    count: async () => void (before = await read()),
    storm: (frames) => page.evaluate((n) => window.storm(n), frames),
    result: async () => {
      const after = await read();
      const badge = await badgeText(cdp);
      await context.close();
      const ms = (name) => (after[name] - before[name]) * 1000;
      return { taskMs: ms("TaskDuration"), scriptMs: ms("ScriptDuration"), cpuMs: ms("ThreadTime"), uploads, badge };
    },
  };
}

// Each page (its own renderer process) storms in turn, a slice at a time, so that whatever else the
// machine is doing falls on the three variants alike; then all settle together.
async function measureRun(browser, variants, run) {
  const pages = [];
  for (const [mode, url, waitReady] of variants) pages.push([mode, await open(browser, url, waitReady)]);
  for (const [, p] of pages) await p.count();
  for (let slice = 0; slice < STORM_FRAMES / SLICE_FRAMES; slice++) {
    for (let i = 0; i < pages.length; i++) await pages[(i + slice + run) % pages.length][1].storm(SLICE_FRAMES);
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return Object.fromEntries(await Promise.all(pages.map(async ([mode, p]) => [mode, await p.result()])));
}

/** The badge's words: it is in a closed shadow root, which DevTools can enter. */
async function badgeText(cdp) {
  const { root: doc } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
  const find = (n) => (n.attributes?.includes("data-glimpse-badge") ? n : [...(n.children ?? []), ...(n.shadowRoots ?? [])].map(find).find(Boolean));
  const texts = [];
  const walk = (n) => {
    if (n.nodeName === "STYLE") return;
    if (n.nodeType === 3) texts.push(n.nodeValue);
    for (const c of n.children ?? []) walk(c);
  };
  for (const shadow of find(doc)?.shadowRoots ?? []) walk(shadow);
  return texts.join(" ").replace(/\s+/g, " ").trim();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const { base, env, stop, pid } = await startGlimpse("overhead");
  // Its ingest would otherwise take the browser's cores in the Glimpse variant only: on a customer's machine the server is elsewhere.
  setPriority(pid, 19);
  const pageOrigin = `http://localhost:${await freePort()}`;
  const bare = await bareRrwebBundle();
  let siteKey = "";
  const pages = createServer((req, res) => {
    const url = new URL(req.url ?? "/", pageOrigin);
    if (url.pathname === "/bare-rrweb.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      return res.end(bare);
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(pageHtml(url.searchParams.get("mode") ?? "none", base, siteKey));
  });
  await new Promise((resolve) => pages.listen(Number(new URL(pageOrigin).port), "127.0.0.1", resolve));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const accepted = acceptLinks(env, pageOrigin, RUNS);
    siteKey = accepted.siteKey;
    const MODES = ["none", "rrweb", "glimpse"];
    const samples = { none: [], rrweb: [], glimpse: [] };
    const badges = new Map();
    let guardTripped = 0;
    let uploadedEvents = 0;
    const variants = (run) => [
      ["none", `${pageOrigin}/?mode=none`, () => undefined],
      ["rrweb", `${pageOrigin}/?mode=rrweb`, (p) => p.waitForEvent("load").then(() => p.waitForFunction(() => (window.__bareEvents?.length ?? 0) > 1))],
      [
        "glimpse",
        `${pageOrigin}/?mode=glimpse#glimpse=${accepted.grants[run]}`,
        (p) => p.waitForResponse((r) => r.url().endsWith("/api/recorder/sessions") && r.status() === 201).then(() => p.waitForTimeout(500)),
      ],
    ];
    for (let run = 0; run < RUNS; run++) {
      const measured = await measureRun(browser, variants(run), run);
      for (const mode of MODES) samples[mode].push(measured[mode]);
      const glimpse = samples.glimpse[run];
      const text = glimpse.uploads.join("\n");
      if (glimpse.uploads.length === 0) throw new Error("Glimpse's recorder uploaded nothing: the measured run did not record.");
      if (!glimpse.badge) throw new Error("Glimpse's badge is missing at the end of the run.");
      if (text.includes("mutation_limit")) guardTripped += 1;
      // The ticket differs from run to run.
      const badge = glimpse.badge.replace(/#\S+/, "#…");
      badges.set(badge, (badges.get(badge) ?? 0) + 1);
      uploadedEvents += glimpse.uploads.reduce((n, u) => n + JSON.parse(u).length, 0);
      const ratio = (key) => (glimpse[key] / samples.rrweb[run][key]).toFixed(3);
      log(
        `run ${run + 1}/${RUNS}: none ${samples.none[run].taskMs.toFixed(0)} ms, rrweb ${samples.rrweb[run].taskMs.toFixed(0)} ms, glimpse ${glimpse.taskMs.toFixed(0)} ms;` +
          ` Glimpse/rrweb task ${ratio("taskMs")}, script ${ratio("scriptMs")}, thread CPU ${ratio("cpuMs")}`,
      );
    }
    const metrics = { taskMs: "TaskDuration", scriptMs: "ScriptDuration", cpuMs: "ThreadTime (main-thread CPU)" };
    for (const [key, label] of Object.entries(metrics)) {
      const [none, rrweb, glimpse] = MODES.map((m) => median(samples[m].map((s) => s[key])));
      const runs = (m, base) => samples[m].map((s, i) => Math.round((s[key] / samples[base][i][key]) * 1000) / 1000);
      const glimpseRuns = runs("glimpse", "rrweb");
      const rrwebRuns = runs("rrweb", "none");
      log(`${label}: Glimpse/rrweb per run ${glimpseRuns.join(", ")}; rrweb/none per run ${rrwebRuns.join(", ")}`);
      console.log(JSON.stringify({ metric: `main thread ${label}, storm on 10,000 nodes: Glimpse`, value: glimpse, unit: "ms", baseline: rrweb, baselineLabel: "bare @rrweb/record, same options", ratio: median(glimpseRuns), runs: glimpseRuns }));
      console.log(JSON.stringify({ metric: `main thread ${label}, storm on 10,000 nodes: bare rrweb`, value: rrweb, unit: "ms", baseline: none, baselineLabel: "no recorder", ratio: median(rrwebRuns), runs: rrwebRuns }));
    }
    emit("mutation guard stopped the recording (runs)", guardTripped, "runs", RUNS, "runs", guardTripped / RUNS);
    for (const [text, count] of badges) {
      log(`badge at the end of ${count}/${RUNS} runs: "${text}"`);
      emit(`badge at the end: "${text}" (runs)`, count, "runs", RUNS, "runs", count / RUNS);
    }
    emit("events uploaded per run", uploadedEvents / RUNS, "events");
  } finally {
    await browser.close();
    pages.close();
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
