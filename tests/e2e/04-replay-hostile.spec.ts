import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUser, login, readE2EEnv } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Stores events straight through storeChunk, skipping the ingest sanitiser: the worst case of a
 * recording that was forged or stored before a sanitiser fix. The replay must still be inert.
 */
function storeForgedRecording(): string {
  const env = readE2EEnv();
  const code = `
    import { createRecordingFixture } from "./tests/fixtures/recordings.ts";
    const el = (id, tagName, attributes, childNodes = []) => ({ type: 2, id, tagName, attributes, childNodes });
    const txt = (id, textContent) => ({ type: 3, id, textContent });
    const t = Date.now() - 60_000;
    const html = el(2, "html", {}, [
      el(3, "head", {}, [
        el(20, "meta", { "http-equiv": "refresh", content: "0;url=/api/v1/audit?forged=refresh" }),
        el(21, "link", { rel: "stylesheet", href: "/forged/sheet.css" }),
        el(22, "style", {}, [txt(23, "body { background: url(/forged/bg.png) } @import '/forged/import.css';")]),
        el(24, "base", { href: "/forged/base/" }),
      ]),
      el(4, "body", { onload: "console.log('forged-ran onload'); alert(1)", background: "/forged/body.png" }, [
        el(5, "h1", { id: "title" }, [txt(6, "Forged page")]),
        el(7, "script", {}, [txt(8, "console.log('forged-ran script'); alert(1); location.href='/api/v1/settings?forged=script'")]),
        el(9, "img", { src: "/api/v1/settings?forged=img", onerror: "console.log('forged-ran onerror'); alert(1)" }),
        el(10, "img", { srcset: "/forged/a.png 1x, //${new URL(env.GLIMPSE_BASE_URL).host}/forged/b.png 2x" }),
        el(11, "a", { id: "js", href: "javascript:console.log('forged-ran href');alert(1)" }, [txt(12, "link")]),
        el(13, "iframe", { srcdoc: "<script>console.log('forged-ran srcdoc');parent.alert(1)</script>" }),
        el(14, "video", { poster: "${env.GLIMPSE_BASE_URL}/forged/poster.png" }),
        el(15, "div", { style: "background-image: url('/forged/style.png')" }),
        el(16, "svg", {}, [el(17, "image", { href: "/forged/svg.png" })]),
        el(18, "img", { rr_dataURL: "/api/v1/audit?forged=rr_dataURL" }),
        el(19, "div", { style: "background: u\\\\72l(/forged/escaped.png); border-image: image-set('/forged/image-set.png' 1x)" }),
      ]),
    ]);
    const events = [
      { type: 4, timestamp: t, data: { href: "https://shop.example/", width: 800, height: 600 } },
      { type: 2, timestamp: t + 1, data: { node: { type: 0, id: 1, childNodes: [html] }, initialOffset: { top: 0, left: 0 } } },
      { type: 3, timestamp: t + 500, data: { source: 0, texts: [], removes: [], attributes: [{ id: 15, attributes: { style: { "background-image": "url(/forged/mutation-style.png)" } } }],
        adds: [{ parentId: 4, nextId: null, node: el(30, "img", { src: "/forged/mutation.png", onload: "console.log('forged-ran mutation')" }) },
               { parentId: 4, nextId: null, node: el(31, "script", {}, []) }] } },
      { type: 3, timestamp: t + 800, data: { source: 8, id: 22, adds: [{ rule: "h1 { background: url(/forged/rule.png) }", index: 0 }] } },
      { type: 3, timestamp: t + 900, data: { source: 7, family: "forged", fontSource: "url(/forged/font.woff)", buffer: false, descriptors: {} } },
      { type: 3, timestamp: t + 2000, data: { source: 0, texts: [{ id: 6, value: "Forged page, later" }], attributes: [], removes: [], adds: [] } },
    ];
    const { recordingId } = await createRecordingFixture({ batches: [events], status: "finished" });
    console.log(JSON.stringify({ recordingId }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL, GLIMPSE_MASTER_KEY: env.GLIMPSE_MASTER_KEY, AUTH_SECRET: env.AUTH_SECRET, GLIMPSE_BASE_URL: env.GLIMPSE_BASE_URL },
  });
  return (JSON.parse(out.trim().split("\n").pop()!) as { recordingId: string }).recordingId;
}

test("forged events run no script, navigate nowhere and make no request to the console origin", async ({ page, context }) => {
  const origin = readE2EEnv().GLIMPSE_BASE_URL;
  const admin = createUser("admin");
  const recordingId = storeForgedRecording();
  await login(page, admin.email, admin.password);

  const dialogs: string[] = [];
  const forgedConsole: string[] = [];
  const requests: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.text().includes("forged-ran")) forgedConsole.push(m.text());
  });
  const fromReplayFrame: string[] = [];
  context.on("request", (r) => {
    requests.push(r.url());
    if (r.frame() !== page.mainFrame()) fromReplayFrame.push(r.url());
  });
  // The recording page's CSP is the backstop for URLs the neutraliser cannot see (CSS escapes,
  // image-set): the browser blocks them before anything is sent, which is reported as "csp".
  const blockedByCsp = new Set<string>();
  context.on("requestfailed", (r) => {
    if (r.failure()?.errorText === "csp") blockedByCsp.add(r.url());
  });
  const sent = (urls: string[]) => urls.filter((u) => !blockedByCsp.has(u));
  const navigations: string[] = [];
  page.on("framenavigated", (f) => navigations.push(f.url()));

  const url = `/recordings/${recordingId}`;
  expect((await page.goto(url))?.status()).toBe(200);
  const stage = page.frameLocator('[data-testid="replay-stage"] iframe');
  await expect(stage.locator("#title")).toHaveText("Forged page");
  await expect(page.locator('[data-testid="replay-stage"] iframe')).toHaveAttribute("sandbox", "allow-same-origin");
  // Let it play past every forged event, then look again.
  await expect(stage.locator("#title")).toHaveText("Forged page, later", { timeout: 10_000 });
  await page.waitForTimeout(1500);

  expect(dialogs).toEqual([]);
  expect(forgedConsole).toEqual([]);
  expect([...blockedByCsp].filter((u) => /forged/.test(u)).sort()).toEqual([`${origin}/forged/escaped.png`, `${origin}/forged/image-set.png`]);
  expect(sent(requests).filter((r) => /forged/.test(r))).toEqual([]);
  // The replay frame sends no request at all; the page itself only its code, the recording and
  // Next.js prefetches of the console's own pages.
  expect(sent(fromReplayFrame)).toEqual([]);
  const unexpected = sent(requests).filter((r) => r.startsWith(origin) && !/\/_next\/|\/api\/v1\/recordings\/|\/recordings\/|\/icon\.svg|[?&]_rsc=/.test(r));
  expect(unexpected).toEqual([]);
  expect(page.url()).toBe(`${origin}${url}`);
  expect(navigations.filter((n) => n !== `${origin}${url}` && n !== "about:blank")).toEqual([]);
  // What rrweb rebuilt holds no live script or handler.
  const inner = await stage.locator("html").evaluate((el) => el.outerHTML);
  expect(inner).not.toMatch(/<script[\s>]|onerror=|onload=|javascript:|srcdoc=/i);

  // The recording page's own CSP: nothing by default, scripts by nonce only, no images from the
  // console, stylesheets only from the build's static files.
  const csp = (await page.request.get(url)).headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'self'/);
  expect(csp).toContain("img-src data: blob:");
  expect(csp).toContain(`style-src ${origin}/_next/static/ 'unsafe-inline'`);
});
