// Gzip sizes of the loader and the recorder, against @rrweb/record bundled alone: what the
// recorder adds on top of rrweb is the ratio's excess over 1. The loader is held to 1.5 KB.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { root, run } from "../lib.mjs";

run(process.execPath, [path.join(root, "scripts/build-recorder.mjs")]);

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const bundled = await build({
  stdin: { contents: 'import { record } from "@rrweb/record"; window.__record = record;', resolveDir: root, loader: "js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  write: false,
});
const rrweb = gz(bundled.outputFiles[0].contents);
const loader = gz(readFileSync(path.join(root, "public/g.js")));
const recorder = gz(readFileSync(path.join(root, "public/recorder.js")));

const line = (metric, value, baseline, baselineLabel) =>
  console.log(JSON.stringify({ metric, value, unit: "bytes", baseline, baselineLabel, ratio: Math.round((value / baseline) * 1000) / 1000 }));
line("recorder.js gzip", recorder, rrweb, "@rrweb/record alone, gzip");
line("g.js gzip", loader, rrweb, "@rrweb/record alone, gzip");
line("g.js gzip vs budget", loader, 1536, "1.5 KB budget");
line("recorder.js gzip vs budget", recorder, 27 * 1024, "27 KB budget");
