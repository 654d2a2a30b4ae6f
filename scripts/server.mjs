// The production server, in place of `next start` (same flags: -p PORT, -H HOST). One process and one
// port: the recorder's uploads are answered on node:http by lib/ingest/handle-upload-request.ts
// (bundled by scripts/build-server.mjs), and every other request goes to Next's request handler.
// Uploads are most of the traffic, and Next's pipeline costs more than storing a batch does.
import { existsSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { uploadHandlerFile } from "./build-server.mjs";
import { root } from "./lib.mjs";

process.env.NODE_ENV = "production";
const args = process.argv.slice(2);
const flag = (names, fallback) => {
  const i = args.findIndex((a) => names.includes(a));
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(flag(["-p", "--port"], process.env.PORT || "3000"));
const hostname = flag(["-H", "--hostname"], undefined);

const handlerFile = uploadHandlerFile();
if (!existsSync(handlerFile)) {
  console.error(`✗ ${handlerFile} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
await app.prepare();
const nextHandler = app.getRequestHandler();
const { uploadRecordingId, handleUploadRequest } = createRequire(import.meta.url)(handlerFile);

let started;
const ready = new Promise((resolve) => (started = resolve));

const server = http.createServer((req, res) => {
  const recordingId = uploadRecordingId(req);
  if (!recordingId) return void nextHandler(req, res);
  ready.then(() => handleUploadRequest(req, res, recordingId)).catch((error) => {
    console.error("[glimpse] the upload handler failed", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "internal_server_error", message: "Something went wrong on our side." } }));
  });
});

// A recorder posts every 5 s, and Node's default keeps an idle connection 5 s: each batch would race the close, and open
// a new connection. A minute outlasts that cadence and the idle timeout of the usual proxies in front (60 s).
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(`✓ Ready on http://${hostname ?? "localhost"}:${port}`);
  // Next runs instrumentation.ts (start-up checks, bootstrap, background jobs) on the first request it serves: that is this
  // one, and uploads wait for it.
  const host = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
  fetch(`http://${host}:${port}/api/health`).catch(() => {}).finally(started);
});

// As under `next start`: a signal ends the process; each committed batch is already on disk.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
