// `npm run bench`: runs every scripts/bench/*.mjs and prints their figures as one table.
// Each bench prints one JSON line per metric:
//   {"metric","value","unit","baseline","baselineLabel","ratio"}
// Ratios compare against a baseline measured in the same run, because these machines are noisy.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "./lib.mjs";

// `npm run bench -- --smoke`: every bench for a few seconds, no figures to trust; CI runs it so that
// a broken bench fails CI. Any other argument picks benches by name.
const smoke = process.argv.includes("--smoke");
const only = process.argv.slice(2).filter((a) => a !== "--smoke");
const dir = path.join(root, "scripts/bench");
const files = readdirSync(dir).filter((f) => f.endsWith(".mjs") && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
const rows = [];

for (const file of files) {
  console.error(`\n--- ${file}`);
  const result = spawnSync(process.execPath, [path.join(dir, file)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: "production", ...(smoke ? { BENCH_SMOKE: "1" } : {}) },
  });
  const before = rows.length;
  for (const line of result.stdout.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    try {
      rows.push({ bench: file.replace(/\.mjs$/, ""), ...JSON.parse(line) });
    } catch {}
  }
  if (result.status !== 0 || rows.length === before) rows.push({ bench: file, metric: "FAILED", value: result.status ?? result.signal, unit: "exit" });
}

const fmt = (n) => (typeof n !== "number" ? "" : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3));
const table = [
  "| bench | metric | value | baseline | ratio |",
  "|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.bench} | ${r.metric} | ${fmt(r.value)} ${r.unit ?? ""} | ${r.baseline != null ? `${fmt(r.baseline)} ${r.unit ?? ""} (${r.baselineLabel ?? ""})` : ""} | ${r.ratio != null ? `${fmt(r.ratio)}×` : ""} |`),
];
console.log(`\n${table.join("\n")}\n`);
mkdirSync(path.join(root, "bench-results"), { recursive: true });
writeFileSync(path.join(root, "bench-results", "latest.md"), table.join("\n") + "\n");
writeFileSync(path.join(root, "bench-results", "latest.json"), JSON.stringify(rows, null, 2));
const failed = rows.filter((r) => r.metric === "FAILED");
if (failed.length) console.error(`✗ ${failed.map((r) => r.bench).join(", ")} failed`);
process.exit(failed.length ? 1 : 0);
