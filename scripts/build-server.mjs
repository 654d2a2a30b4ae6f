// Bundles the recorder's upload handler (lib/ingest/handle-upload-request.ts) for scripts/server.mjs,
// which answers uploads on node:http before Next's pipeline. Next's own build is left as it is.
import path from "node:path";
import { buildSync } from "esbuild";
import { root } from "./lib.mjs";
import { SERVER_EXTERNALS } from "./server-externals.mjs";


export const uploadHandlerFile = (distDir = process.env.NEXT_DIST_DIR || ".next") => path.join(root, distDir, "glimpse-server", "upload-handler.cjs");

export function buildUploadHandler({ distDir } = {}) {
  buildSync({
    entryPoints: [path.join(root, "lib/ingest/handle-upload-request.ts")],
    outfile: uploadHandlerFile(distDir),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: SERVER_EXTERNALS,
    logLevel: "warning",
    // lib/db/client.ts requires the Prisma client relative to itself; CommonJS has no import.meta.
    define: { "import.meta.url": "__glimpseModuleUrl" },
    banner: { js: 'const __glimpseModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // lib/ runs on the server only: "server-only" is its empty server build, as under Next.
    alias: { "server-only": path.join(root, "node_modules/server-only/empty.js") },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) buildUploadHandler();
