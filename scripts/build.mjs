// Builds the recorder bundles and the Next.js app, unless the last build is of the same sources.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildUploadHandler, uploadHandlerFile } from "./build-server.mjs";
import { bin, generateClient, root, run, sourceFingerprint } from "./lib.mjs";

export function buildIfNeeded({ distDir = process.env.NEXT_DIST_DIR || ".next", force = false } = {}) {
  generateClient();
  run(process.execPath, [path.join(root, "scripts/build-recorder.mjs")]);
  const fingerprint = sourceFingerprint();
  const marker = path.join(root, distDir, "glimpse-fingerprint");
  if (!force && existsSync(path.join(root, distDir, "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) {
    if (!existsSync(uploadHandlerFile(distDir))) buildUploadHandler({ distDir });
    console.log("✓ The production build is up to date.");
    return;
  }
  console.log("Building Glimpse (next build)…");
  // `next build` adds its dist folder's type paths to tsconfig.json, a tracked file: put it back.
  const tsconfig = path.join(root, "tsconfig.json");
  const tsconfigBefore = readFileSync(tsconfig);
  // Not run(): it exits on failure, which would skip putting tsconfig.json back.
  const built = spawnSync(bin("next"), ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } });
  if (!readFileSync(tsconfig).equals(tsconfigBefore)) writeFileSync(tsconfig, tsconfigBefore);
  if (built.status !== 0) {
    console.error(`\n✗ next build failed (exit ${built.status ?? built.signal})`);
    process.exit(built.status ?? 1);
  }
  // After Next's build, which empties its dist folder first.
  buildUploadHandler({ distDir });
  writeFileSync(marker, sourceFingerprint());
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded({ force: process.argv.includes("--force") });
