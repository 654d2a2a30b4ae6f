// Bundles the browser code in recorder/ into public/g.js (the loader) and public/recorder.js.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./lib.mjs";

// Two changes to @rrweb/record 2.1.6 (pinned), made at bundle time. The build fails if rrweb's
// file no longer has the shape they expect, so an upgrade cannot drop one silently.
// 1. Glimpse never records canvases (recordCanvas is off, and the privacy configuration blocks
//    every canvas), yet rrweb always bundles its canvas manager: the 2D and WebGL patching,
//    argument serialisation and an inlined image worker, 2.2 KB gzip of the recorder. The class is
//    swapped for one with the five methods rrweb calls, and esbuild drops the rest as dead code.
// 2. rrweb serialises the document of a same-origin frame even when the frame is blocked, and then
//    observes it: a blocked frame's text, links and typing would be recorded. A blocked frame now
//    stays an empty box, as the privacy configuration (which blocks every frame) promises.
function patchRrweb(source) {
  const start = source.indexOf("class CanvasManager {");
  const end = source.indexOf("class StylesheetManager {");
  const calls = new Set([...source.matchAll(/canvasManager\.(\w+)\(/g)].map((m) => m[1]));
  const stubbed = ["freeze", "unfreeze", "lock", "unlock", "reset"];
  if (start < 0 || end < start || [...calls].some((c) => !stubbed.includes(c))) {
    throw new Error(`@rrweb/record changed: its canvas manager is not as build-recorder.mjs expects (calls: ${[...calls].join(", ")})`);
  }
  let out = `${source.slice(0, start)}class CanvasManager { ${stubbed.map((m) => `${m}() {}`).join(" ")} }\n${source.slice(end)}`;
  const frame = 'if (serializedNode.type === NodeType.Element && serializedNode.tagName === "iframe") {';
  if (out.split(frame).length !== 2) throw new Error("@rrweb/record changed: the frame serialisation is not as build-recorder.mjs expects");
  out = out.replace(frame, frame.replace(") {", " && !_isBlockedElement(n, blockClass, blockSelector)) {"));
  return out;
}

const rrwebPatches = {
  name: "rrweb-patches",
  setup(b) {
    b.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, (args) => ({ contents: patchRrweb(readFileSync(args.path, "utf8")), loader: "js" }));
  },
};

const entries = { g: "recorder/g.ts", recorder: "recorder/recorder.ts" };

await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, "public", `${name}.js`),
      bundle: true,
      minify: true,
      format: "iife",
      target: ["es2020"],
      legalComments: "none",
      // Plain assignment for class fields: the recorder's classes need no define semantics, and
      // esbuild's es2020 lowering would otherwise wrap every field in a helper call.
      tsconfigRaw: { compilerOptions: { alwaysStrict: true, useDefineForClassFields: false } },
      logLevel: "warning",
      plugins: [rrwebPatches],
    }),
  ),
);
