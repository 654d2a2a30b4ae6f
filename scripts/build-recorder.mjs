// Bundles the browser code in recorder/ into public/g.js (the loader) and public/recorder.js.
import { build } from "esbuild";
import path from "node:path";
import { root } from "./lib.mjs";

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
    }),
  ),
);
