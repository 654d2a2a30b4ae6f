// Replay loading: time to first frame for a synthetic 60-minute recording with a checkpoint every
// 5 minutes, loading what the player's first request loads (the checkpoint's chunks up to the one
// shown) against loading the whole recording first, both with the player's replayer and under the page's view, as the
// player asks; the same with a :hover rule in the recording's sheet (which the player adapts for replay, as rrweb's postcss pass would; a sheet without one
// needs no adapting); the time to seek to the 45-minute point; and
// on the real recording page, the time from its HTML arriving to the first painted frame. Runs a production build
// on E2E_PORT (default 3600), stores the recording through the real lib functions, and measures
// in Chromium. Prints one JSON line per metric.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "@playwright/test";
import { root } from "../lib.mjs";

const port = Number(process.env.E2E_PORT || 3600);
const distDir = process.env.NEXT_DIST_DIR || ".next";
const log = (...args) => console.error("[bench:replay]", ...args);
// --smoke (BENCH_SMOKE=1): a 10-minute recording and one run of each, to prove the bench works.
const SMOKE = process.env.BENCH_SMOKE === "1";
const MINUTES = SMOKE ? 10 : 60;
const SEEK_MIN = SMOKE ? 7 : 45;
const RUNS = SMOKE ? 1 : 3;
const SEEK_TITLE = `Checkpoint ${Math.floor(SEEK_MIN / 5)}`;
const readEnv = () => JSON.parse(readFileSync(path.join(root, "test-results", `e2e-env-${port}.json`), "utf8"));
let base = `http://127.0.0.1:${port}`;

async function startServer() {
  const server = spawn(process.execPath, [path.join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    stdio: ["ignore", 2, 2],
    env: { ...process.env, E2E_PORT: String(port), NEXT_DIST_DIR: distDir },
    detached: true,
  });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        // The server's own base URL: sessions and the replay page's policy are bound to it.
        base = readEnv().GLIMPSE_BASE_URL;
        return server;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The server did not start.");
}

/** An admin and the synthetic recording, stored with storeChunk in the server's database. */
function seed() {
  const env = readEnv();
  const code = `
    import { createRecordingFixture } from "./tests/fixtures/recordings.ts";
    import { createUser } from "./lib/users/create-user.ts";
    const password = "bench password 1234";
    const email = "bench-" + Math.random().toString(36).slice(2, 8) + "@bench.test";
    await createUser({ input: { email, name: "Bench", password, role: "admin" }, actor: { type: "system", label: "bench" } });
    const MIN = 60_000, T0 = Date.now() - ${MINUTES + 1} * MIN;
    const css = Array.from({ length: 1500 }, (_, i) => ".c" + i + " { color: #" + (i * 2731 % 0xffffff).toString(16).padStart(6, "0") + "; margin: " + (i % 7) + "px; }").join("\\n");
    let id = 1;
    const el = (tagName, attributes, childNodes) => ({ type: 2, id: ++id, tagName, attributes, childNodes });
    const txt = (textContent) => ({ type: 3, id: ++id, textContent });
    const checkpoint = (ts, k) => {
      id = 1;
      const items = Array.from({ length: 300 }, (_, i) => el("li", { class: "c" + i }, [el("span", {}, [txt("Product " + i)]), el("a", { href: "https://shop.example/p/" + i }, [txt("View")])]));
      const clockText = txt("t=0");
      const body = el("body", {}, [el("h1", { id: "title" }, [txt("Checkpoint " + k)]), el("p", { id: "clock" }, [clockText]), el("ul", {}, items)]);
      const html = el("html", {}, [el("head", {}, [el("style", {}, [{ type: 3, id: ++id, textContent: css, isStyle: true }])]), body]);
      return { clockTextId: clockText.id, events: [
        { type: 4, timestamp: ts, data: { href: "https://shop.example/page/" + k, width: 1280, height: 720 } },
        { type: 2, timestamp: ts + 40, data: { node: { type: 0, id: 1, childNodes: [html] }, initialOffset: { top: 0, left: 0 } } },
      ] };
    };
    const batches = [];
    let clockId = 0;
    for (let seq = 0; seq < ${MINUTES * 12}; seq++) {
      const start = T0 + seq * 5000;
      const batch = [];
      if (seq % 60 === 0) {
        const cp = checkpoint(start, seq / 60);
        clockId = cp.clockTextId;
        batch.push(...cp.events);
      }
      for (let s = 1; s <= 5; s++) {
        const ts = start + s * 1000 - 1;
        batch.push({ type: 3, timestamp: ts - 300, data: { source: 1, positions: [{ x: (seq * 37 + s * 11) % 1200, y: (seq * 17 + s * 23) % 700, id: 2, timeOffset: -100 }] } });
        batch.push({ type: 3, timestamp: ts, data: { source: 0, adds: [], removes: [], attributes: [], texts: [{ id: clockId, value: "t=" + Math.round((ts - T0) / 1000) }] } });
      }
      if (seq === ${SEEK_MIN * 12}) batch.push({ type: 6, timestamp: start + 100, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ["\\"at ${SEEK_MIN} minutes\\""], trace: [] } } });
      batches.push(batch);
    }
    const { recordingId } = await createRecordingFixture({ batches, status: "finished" });
    console.log(JSON.stringify({ recordingId, email, password, T0 }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL, GLIMPSE_MASTER_KEY: env.GLIMPSE_MASTER_KEY, AUTH_SECRET: env.AUTH_SECRET, GLIMPSE_BASE_URL: env.GLIMPSE_BASE_URL },
  });
  return JSON.parse(out.trim().split("\n").pop());
}

/** The player's replayer (rrweb's, as components/player makes it) as a page script, for the harness that compares loading strategies. */
async function replayerBundle() {
  const result = await build({
    // The player's own planning, so that the harness cannot drift from what the player does.
    stdin: {
      contents: [
        "export { createSandboxedReplayer } from './components/player/create-sandboxed-replayer';",
        "export { firstRangeFor } from './components/player/plan-replay';",
        "export { clampToSnapshot } from './lib/rrweb/checkpoints';",
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    globalName: "rrwebReplay",
    write: false,
    minify: true,
  });
  return result.outputFiles[0].text;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emit = (metric, value, baseline, baselineLabel, extra = {}) =>
  console.log(JSON.stringify({ metric, value: Math.round(value), unit: "ms", baseline: baseline === null ? null : Math.round(baseline), baselineLabel, ratio: baseline ? Number((value / baseline).toFixed(3)) : null, ...extra }));
/** The recording page should show its first frame within this long of its HTML arriving. */
const PAGE_BUDGET_MS = 500;

/**
 * Runs in the page: builds a Replayer from either the player's first request or the whole
 * recording, optionally seeks, and resolves when the frame shows `expect` in its heading. The
 * chunk index comes with the recording page's HTML, so it is read before the clock starts, for
 * both ways.
 */
async function harness({ id, view, chunks, mode, seekMin, expectTitle, hoverRule }) {
  const t0 = performance.now();
  // With the page view, as the player asks: its reads are covered by that view's audit entry.
  const get = async (q) => (await fetch(`/api/v1/recordings/${id}/events?view=${view}${q.replace("?", "&")}`, { credentials: "same-origin" })).json();
  const { createSandboxedReplayer, firstRangeFor, clampToSnapshot } = window.rrwebReplay;
  const target = chunks[0].firstTs + (seekMin ?? 0) * 60_000;
  let events;
  if (mode === "whole") {
    events = await get("");
  } else {
    // The player's first request: the checkpoint's chunks up to the one holding the target.
    const { fromSeq, toSeq } = firstRangeFor(chunks, target);
    events = await get(`?fromSeq=${fromSeq}&toSeq=${toSeq}`);
  }
  if (hoverRule) {
    // A sheet with a :hover rule, as most sites' sheets have: rrweb adapts it for replay.
    const firstSheet = (n) => (n.isStyle ? n : (n.childNodes ?? []).reduce((found, c) => found ?? firstSheet(c), null));
    for (const e of events) if (e.type === 2) firstSheet(e.data.node).textContent += "\n.c0:hover { color: red; }";
  }
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  const replayer = createSandboxedReplayer(root, { events });
  // As the player does, in both ways: a time on a page's start (the first frame too) is taken just past its snapshot,
  // which rrweb then casts at once instead of on its next timer tick.
  replayer.pause(Math.max(0, clampToSnapshot(events, target) - events[0].timestamp));
  await new Promise((resolve, reject) => {
    const giveUp = performance.now() + 60_000;
    const check = () => {
      if (replayer.iframe.contentDocument?.getElementById("title")?.textContent === expectTitle) resolve();
      else if (performance.now() > giveUp) reject(new Error(`No frame showing ${expectTitle} (${mode})`));
      else requestAnimationFrame(check);
    };
    check();
  });
  const elapsed = performance.now() - t0;
  replayer.destroy();
  return elapsed;
}

/**
 * In the recording page, from its first script: the time of the first painted frame of the
 * replay (the frame after the one whose DOM first shows `title`), on window.__firstFrameAt.
 */
function watchFirstFrame(title) {
  const check = () => {
    const frame = document.querySelector('[data-testid="replay-stage"] iframe');
    if (frame?.contentDocument?.getElementById("title")?.textContent === title) {
      requestAnimationFrame(() => (window.__firstFrameAt = performance.now()));
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

const server = await startServer();
let browser;
try {
  log(`seeding a ${MINUTES}-minute recording…`);
  const seeded = seed();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

  // The real console page: navigation to first frame, and a marker click to the 45-minute point.
  const pageContext = await browser.newContext({ baseURL: base });
  await pageContext.addInitScript(watchFirstFrame, "Checkpoint 0");
  const page = await pageContext.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(seeded.email);
  await page.getByLabel("Password").fill(seeded.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  const pageTtff = [];
  const pageAfterHtml = [];
  const pageHtml = [];
  const pageSeek = [];
  log("measuring the recording page…");
  for (let run = 0; run < RUNS; run++) {
    await page.goto(`/recordings/${seeded.recordingId}`);
    const frame = page.frameLocator('[data-testid="replay-stage"] iframe');
    await page.waitForFunction(() => window.__firstFrameAt !== undefined, null, { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return { frame: window.__firstFrameAt, html: nav.responseStart, start: nav.startTime };
    });
    pageTtff.push(t.frame - t.start);
    pageAfterHtml.push(t.frame - t.html);
    pageHtml.push(t.html - t.start);
    await page.getByRole("button", { name: "Pause" }).click();
    const t0 = Date.now();
    await page.locator('[data-kind="console-error"]').click();
    await frame.locator("#title").filter({ hasText: SEEK_TITLE }).waitFor();
    pageSeek.push(Date.now() - t0);
  }

  // The same Replayer fed two ways, in a page of the console origin with rrweb injected.
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, storageState: await page.context().storageState() });
  const lab = await context.newPage();
  await lab.goto("/api/health");
  await lab.addScriptTag({ content: await replayerBundle() });
  const runs = { first: [], whole: [], seek: [], seekWhole: [], firstHover: [], wholeHover: [] };
  log("measuring segment against whole loading…");
  const id = seeded.recordingId;
  // The page view the recording page's player reads under, from the request it preloads.
  const preload = await page.locator('link[rel="preload"][href*="/events"]').first().getAttribute("href");
  const view = new URL(preload, base).searchParams.get("view");
  if (!view) throw new Error("The recording page preloads no events request with its view.");
  const { chunks } = await lab.evaluate(async (id) => (await fetch(`/api/v1/recordings/${id}`, { credentials: "same-origin" })).json(), id);
  const first = { id, view, chunks, seekMin: null, expectTitle: "Checkpoint 0" };
  const seek = { id, view, chunks, seekMin: SEEK_MIN, expectTitle: SEEK_TITLE };
  for (let run = 0; run < RUNS; run++) {
    runs.first.push(await lab.evaluate(harness, { ...first, mode: "segment" }));
    runs.whole.push(await lab.evaluate(harness, { ...first, mode: "whole" }));
    runs.seek.push(await lab.evaluate(harness, { ...seek, mode: "segment" }));
    runs.seekWhole.push(await lab.evaluate(harness, { ...seek, mode: "whole" }));
    runs.firstHover.push(await lab.evaluate(harness, { ...first, mode: "segment", hoverRule: true }));
    runs.wholeHover.push(await lab.evaluate(harness, { ...first, mode: "whole", hoverRule: true }));
  }
  emit(`replay_first_frame_${MINUTES}min`, median(runs.first), median(runs.whole), "whole recording loaded first");
  emit(`replay_first_frame_${MINUTES}min_sheet_with_hover`, median(runs.firstHover), median(runs.wholeHover), "whole recording loaded first, same sheet");
  emit(`replay_seek_${SEEK_MIN}min_${MINUTES}min`, median(runs.seek), median(runs.seekWhole), "whole recording loaded, then seek");
  emit("replay_console_page_first_frame", median(pageTtff), null, "navigation to first frame, real recording page");
  // The budget: HTML response (first byte) to the first painted frame, against the budget
  // and against the page's own HTML time (navigation to first byte) in the same runs.
  const afterHtml = median(pageAfterHtml);
  emit("replay_console_page_html_to_first_frame", afterHtml, PAGE_BUDGET_MS, `budget (${PAGE_BUDGET_MS} ms)`, { withinBudget: afterHtml <= PAGE_BUDGET_MS });
  emit("replay_console_page_html_to_first_frame_vs_html", afterHtml, median(pageHtml), "navigation to the page's HTML (first byte)");
  emit(`replay_console_seek_${SEEK_MIN}min`, median(pageSeek), null, `marker click at ${SEEK_MIN}:00 to its frame, real recording page`);
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
}
