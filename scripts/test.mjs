// `npm test`: unit and integration tests (Vitest, real SQLite), then end-to-end tests
// (Playwright, real Chromium against a production build).
import path from "node:path";
import { bin, generateClient, root, run } from "./lib.mjs";

const started = Date.now();
const lap = (label) => console.log(`\n✓ ${label} (${Math.round((Date.now() - started) / 1000)} s so far)\n`);

generateClient();
run(process.execPath, [path.join(root, "scripts/build-recorder.mjs")]);
run(bin("vitest"), ["run"]);
lap("unit and integration tests passed");
run(bin("playwright"), ["test"]);
lap("end-to-end tests passed");
