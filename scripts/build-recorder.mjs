// Bundles the browser code in recorder/ into public/g.js (the loader) and public/recorder.js.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./lib.mjs";

// Changes to @rrweb/record 2.1.6 (pinned), made at bundle time. The build fails if rrweb's file
// no longer has the shape they expect, so an upgrade cannot drop one silently.
// - Frames: rrweb serialises the document of a same-origin frame even when the frame is blocked,
//   and then observes it: a blocked frame's text, links and typing would be recorded. A blocked
//   frame now stays an empty box, as the privacy configuration (which blocks every frame) promises,
//   and the frame manager (same-origin attaching, cross-origin messages) is left out.
// - Code for options Glimpse never turns on is left out: canvases (recordCanvas: the 2D and WebGL
//   patching and an inlined image worker), inlineImages, collectFonts, recordCrossOriginIframes,
//   media state and events (every audio and video is blocked), the deprecated global mirror and
//   rrdom's node class (the recorder never sees an rrdom).
// - Class fields are plain assignments, not defineProperty calls: no rrweb class has an accessor
//   of the same name, and the minified field names no longer repeat in helper calls.
const stubs = {
  canvasManager: ["freeze", "unfreeze", "lock", "unlock", "reset"],
  iframeManager: ["addIframe", "addLoadListener", "attachIframe"],
};

function expectOnce(source, find, what) {
  if (source.split(find).length !== 2) throw new Error(`@rrweb/record changed: ${what} is not as build-recorder.mjs expects`);
}

function replaceOnce(source, find, replacement, what) {
  expectOnce(source, find, what);
  return source.replace(find, () => replacement);
}

/** A top-level declaration, from its first line to the closing brace alone on a line. */
function replaceDeclaration(source, head, replacement) {
  expectOnce(source, `\n${head}`, head);
  const start = source.indexOf(`\n${head}`) + 1;
  const end = source.indexOf("\n}\n", start) + 2;
  return source.slice(0, start) + replacement + source.slice(end);
}

function patchRrweb(source) {
  let out = source;
  for (const [name, methods] of Object.entries(stubs)) {
    const calls = new Set([...out.matchAll(new RegExp(`${name}\\.(\\w+)\\b`, "g"))].map((m) => m[1]));
    const unexpected = [...calls].filter((c) => !methods.includes(c) && !/^crossOrigin/.test(c));
    if (unexpected.length) throw new Error(`@rrweb/record changed: ${name} is used for ${unexpected.join(", ")}`);
    const cls = name[0].toUpperCase() + name.slice(1);
    out = replaceDeclaration(out, `class ${cls} {`, `class ${cls} { ${methods.map((m) => `${m}() {}`).join(" ")} }`);
  }
  out = replaceDeclaration(out, "class CrossOriginIframeMirror {", "");
  const frame = 'if (serializedNode.type === NodeType.Element && serializedNode.tagName === "iframe") {';
  out = replaceOnce(out, frame, frame.replace(") {", " && !_isBlockedElement(n, blockClass, blockSelector)) {"), "the frame serialisation");

  const never = (head, what) => {
    const start = out.indexOf(head);
    const end = out.indexOf("\n  }\n", start);
    expectOnce(out, head, what);
    out = out.slice(0, start) + "if (false) {" + out.slice(end + 3);
  };
  never('if (tagName === "canvas" && recordCanvas) {', "canvas serialisation");
  never('if (tagName === "img" && inlineImages) {', "image inlining");
  never('if (["audio", "video"].includes(tagName)) {', "media state");
  out = replaceDeclaration(out, "function initFontObserver(", "function initFontObserver() {\n  return () => {};\n}");
  out = replaceDeclaration(out, "function initMediaInteractionObserver(", "function initMediaInteractionObserver() {\n  return () => {};\n}");
  out = replaceOnce(out, "const inEmittingFrame = recordCrossOriginIframes ? window.parent === window : true;", "const inEmittingFrame = true;", "the frame check");
  // The object and, up to the next closing brace alone on a line, the Proxy that wraps it.
  out = replaceDeclaration(out, "let _mirror = {", "");
  if (out.includes("_mirror =")) throw new Error("@rrweb/record changed: the deprecated mirror is not as build-recorder.mjs expects");
  out = replaceOnce(out, "n instanceof BaseRRNode && ", "false && ", "rrdom's node check");
  out = replaceDeclaration(out, "class BaseRRNode {", "");

  const fields = out.match(/__publicField\(this, "\w+"(, )?/g)?.length ?? 0;
  if (fields < 50 || /\n  (get|set) /.test(out)) throw new Error("@rrweb/record changed: its class fields are not as build-recorder.mjs expects");
  out = out.replace(/__publicField\(this, "(\w+)"\);/g, "this.$1 = void 0;");
  // The call's own closing parenthesis closes the one opened here.
  out = out.replace(/__publicField\(this, "(\w+)", /g, "this.$1 = (");
  return out;
}

/** For esbuild: @rrweb/record as the recorder bundles it (the recorder's tests bundle it so too). */
export const rrwebPatches = {
  name: "rrweb-patches",
  setup(b) {
    b.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, (args) => ({ contents: patchRrweb(readFileSync(args.path, "utf8")), loader: "js" }));
  },
};

const entries = { g: "recorder/g.ts", recorder: "recorder/recorder.ts" };

if (import.meta.url === `file://${process.argv[1]}`) await Promise.all(
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
