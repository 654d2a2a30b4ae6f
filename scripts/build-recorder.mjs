// Bundles the browser code in recorder/ into public/g.js (the loader) and public/recorder.js.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./lib.mjs";

/**
 * Glimpse never records canvases (recordOptions sets recordCanvas: false, and the privacy
 * configuration blocks every canvas), yet @rrweb/record always bundles its canvas manager: the
 * 2D and WebGL patching, argument serialisation and an inlined image worker, 2.2 KB gzip of the
 * recorder. This swaps the class for one with the five methods rrweb calls, so the rest is dead
 * code that esbuild drops. The build fails if rrweb's file no longer has the shape this expects.
 */
const withoutCanvasRecording = {
  name: "rrweb-without-canvas-recording",
  setup(b) {
    b.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const start = source.indexOf("class CanvasManager {");
      const end = source.indexOf("class StylesheetManager {");
      const calls = [...source.matchAll(/canvasManager\.(\w+)\(/g)].map((m) => m[1]);
      const stubbed = ["freeze", "unfreeze", "lock", "unlock", "reset"];
      if (start < 0 || end < start || calls.some((c) => !stubbed.includes(c))) {
        throw new Error(`@rrweb/record changed: its canvas manager is not where build-recorder.mjs expects it (calls: ${[...new Set(calls)].join(", ")})`);
      }
      const stub = `class CanvasManager { ${stubbed.map((m) => `${m}() {}`).join(" ")} }\n`;
      return { contents: source.slice(0, start) + stub + source.slice(end), loader: "js" };
    });
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
      plugins: [withoutCanvasRecording],
    }),
  ),
);
