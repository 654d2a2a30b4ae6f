import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remaskEvents } from "../lib/ingest/remask-events";
import { buildPrivacyConfig } from "../lib/privacy/privacy-config";
import { MASK, type TPrivacyConfig } from "../lib/privacy/privacy-rules";
import { rrwebPatches } from "../scripts/build-recorder.mjs";

// The recorder's masking runs in a real browser here: rrweb (patched as in recorder.js) and recordOptions/scrubEvent.
const ENTRY = `
import { record } from "@rrweb/record";
import { recordOptions, textClassifier, withDefaults } from "./record-options";
import { scrubEvent } from "./scrub-event";
window.capture = async (config, change, later) => {
  const privacy = withDefaults(config);
  const ctx = { privacy, elementOf: (id) => record.mirror.getNode(id), classOf: textClassifier(privacy) };
  const events = [];
  const stop = record({ ...recordOptions(privacy, ctx.classOf), emit: (e) => events.push(scrubEvent(e, ctx)) });
  await new Promise((r) => setTimeout(r, 50));
  change();
  await new Promise((r) => setTimeout(r, 100));
  if (later) {
    later();
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  return JSON.parse(JSON.stringify(events));
};
`;

const EMAIL = "zelda.qm@privacy-canary.test";
const PAGE = `<!doctype html><html><head><style>body { color: #222 }</style></head><body>
<nav><a id="account" href="/account/${EMAIL}?tab=orders">Account of ${EMAIL}</a></nav>
<h1 title="Checkout for ${EMAIL}">Checkout</h1>
<p id="shown-name">Zelda Quixote-Marsh</p>
<div role="alert" id="alert" aria-label="Error for ${EMAIL}">Payment failed for ${EMAIL}</div>
<form>
<label for="name">Name</label><input id="name" value="Zelda Typed-Value">
<input id="password" type="password" value="hunter2-Canary!">
<input id="card" name="card" value="4929 1234 5678 9012">
<input id="pay" type="submit" value="Pay now">
<textarea id="notes">Zelda textarea words</textarea>
<select id="country"><option>Zeldaland option</option></select>
</form>
<div id="editable" contenteditable>Zelda editable words</div>
<div id="textbox" role="textbox">Zelda textbox words</div>
<section data-glimpse-mask><h2 id="masked">Zelda marked words</h2><button>Zelda button</button></section>
<button id="close" aria-label="Close">Pay now</button>
</body></html>`;

/** Typed, under the floor or personal by pattern: recorded by no configuration. */
const FLOOR_SECRETS = ["Typed-Value", "hunter2", "4929", "4242", "privacy-canary", "tab=orders", "textarea words", "editable words", "textbox words", "marked words", "Zeldaland", "typed more", "Zelda button"];
const SECRETS = [...FLOOR_SECRETS, "Zelda", "zelda"];

let browser: Browser;
let page: Page;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: path.resolve(import.meta.dirname), loader: "ts" },
    bundle: true,
    write: false,
    format: "iife",
    target: ["es2020"],
    logLevel: "silent",
    plugins: [rrwebPatches],
  });
  bundle = out.outputFiles[0]!.text;
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function capture(privacy: TPrivacyConfig) {
  await page.setContent(PAGE);
  await page.addScriptTag({ content: bundle });
  return (await page.evaluate(
    ([config]) =>
      (window as any).capture(config, () => {
        document.getElementById("alert")!.textContent = "Card 4242 4242 4242 4242 declined for zelda.qm@privacy-canary.test";
        (document.getElementById("editable")!.firstChild as Text).data = "Zelda typed more words";
        document.getElementById("shown-name")!.textContent = "Zelda Quixote-Marsh again";
        document.getElementById("close")!.setAttribute("aria-label", "Close for zelda.qm@privacy-canary.test");
      }),
    [privacy] as const,
  )) as { type: number; timestamp: number; data: any }[];
}

const site = (privacyPreset: string, unmaskSelectors: string) => ({ privacyPreset, maskSelectors: "", blockSelectors: "", unmaskSelectors });

/** Every text node of the full snapshot by its parent element's id attribute, then the texts of the mutations. */
function texts(events: { type: number; data: any }[]) {
  const byId: Record<string, string> = {};
  const walk = (node: any, id: string | undefined) => {
    const own = node.attributes?.id ?? id;
    if (node.type === 3 && own) byId[own] = (byId[own] ?? "") + node.textContent;
    for (const child of node.childNodes ?? []) walk(child, own);
  };
  for (const e of events) if (e.type === 2) walk(e.data.node, undefined);
  const adds = events.filter((e) => e.type === 3 && e.data.source === 0).flatMap((e) => [...e.data.adds.map((a: any) => a.node.textContent), ...e.data.texts.map((t: any) => t.value)]);
  return { byId, adds };
}

function attributesOf(events: { type: number; data: any }[], id: string) {
  let found: Record<string, unknown> | undefined;
  const walk = (node: any) => {
    if (node.attributes?.id === id) found = node.attributes;
    for (const child of node.childNodes ?? []) walk(child);
  };
  for (const e of events) if (e.type === 2) walk(e.data.node);
  return found!;
}

describe("the recorder under strict with unmask selectors", () => {
  for (const unmask of ["*", "body"]) {
    it(`keeps the floor masked when the unmask selector is "${unmask}", and scrubs what it shows`, async () => {
      const events = await capture(buildPrivacyConfig(site("strict", unmask)));
      const out = JSON.stringify(events);
      for (const secret of FLOOR_SECRETS) expect(out).not.toContain(secret);
      const { byId, adds } = texts(events);
      expect(byId.masked).toBe("***** ****** *****");
      expect(byId.editable).toBe(MASK);
      expect(byId.textbox).toBe(MASK);
      expect(byId.country).toBe("********* ******");
      expect(byId.alert).toBe("Payment failed for [email]");
      expect(byId.account).toBe("Account of [email]");
      expect([...adds].sort()).toEqual(["********", "Card [card] declined for [email]", "Zelda Quixote-Marsh again"].sort());
      for (const field of ["name", "password", "card", "notes", "country"]) expect(attributesOf(events, field).value).toBe(MASK);
      expect(attributesOf(events, "pay").value).toBe("Pay now");
      expect(attributesOf(events, "account").href).toBe("/account/[email]");
      expect(attributesOf(events, "alert")["aria-label"]).toBe("Error for [email]");
    });
  }

  it("shows only the declared interface text: the displayed name stays masked, word by word", async () => {
    const events = await capture(buildPrivacyConfig(site("strict", "nav, h1, label, button, [role=alert]")));
    const out = JSON.stringify(events);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    const { byId, adds } = texts(events);
    expect(byId["shown-name"]).toBe("***** *************");
    expect(adds).toContain("***** ************* *****");
    expect(out).toContain('"Checkout"');
    expect(out).toContain('"Name"');
    expect(byId.close).toBe("Pay now");
    expect(byId.alert).toBe("Payment failed for [email]");
    expect(attributesOf(events, "pay").value).toBe("*** ***");
    // The marked section's button is under the floor, whatever "button" says.
    expect(out).not.toContain("Zelda button");
    expect(out).toContain("rgb(34, 34, 34)");
  });

  it("under strict without unmask selectors masks every text word by word", async () => {
    const events = await capture(buildPrivacyConfig(site("strict", "")));
    const { byId } = texts(events);
    expect(byId.alert).toBe("******* ****** *** ****************************");
    const out = JSON.stringify(events);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/"(Checkout|Pay now|Payment[^"]*|Name|Close)"/);
  });

  for (const [name, config] of [
    ["strict with unmask selectors", buildPrivacyConfig(site("strict", "nav, h1, label, button, [role=alert]"))],
    ["strict with *", buildPrivacyConfig(site("strict", "*"))],
    ["balanced", buildPrivacyConfig(site("balanced", ""))],
  ] as const) {
    it(`the server masks what the recorder sent to the same bytes (${name})`, async () => {
      const events = await capture(config);
      const dom = events.filter((e) => e.type === 2 || (e.type === 3 && e.data.source === 0));
      expect(dom.length).toBeGreaterThan(1);
      expect(remaskEvents(structuredClone(dom), config)).toEqual(dom);
    });
  }

  it("masks what a later change puts under a mask marker: a class found once is not kept past its task", async () => {
    await page.setContent(PAGE);
    await page.addScriptTag({ content: bundle });
    const events = (await page.evaluate(
      ([config]) =>
        (window as any).capture(
          config,
          () => (document.getElementById("shown-name")!.textContent = "Shown before"),
          () => {
            document.getElementById("shown-name")!.setAttribute("data-glimpse-mask", "");
            document.getElementById("shown-name")!.textContent = "Zelda hidden after";
          },
        ),
      [buildPrivacyConfig(site("strict", "p"))] as const,
    )) as { type: number; data: any }[];
    const { adds } = texts(events);
    expect(adds).toContain("Shown before");
    expect(adds).toContain("***** ****** *****");
    expect(JSON.stringify(events)).not.toContain("hidden after");
  });
});
