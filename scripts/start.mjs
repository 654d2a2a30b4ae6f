// `npm start`: migrate, build if needed, and serve Glimpse on PORT (3000).
import { spawn } from "node:child_process";
import path from "node:path";
import { checkConfig, migrate, root, SERVER_NODE_ARGS } from "./lib.mjs";
import { buildIfNeeded } from "./build.mjs";

// The database, its -wal and -shm files and the keys are for the owner only.
process.umask(0o077);
// A bad configuration stops here, in a second, before anything is migrated or built.
await checkConfig();

const port = process.env.PORT || "3000";
const baseUrl = (process.env.GLIMPSE_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, "");

migrate();
buildIfNeeded();

const server = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts/server.mjs"), "-p", port], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, NEXTAUTH_URL: process.env.NEXTAUTH_URL || baseUrl, NEXT_TELEMETRY_DISABLED: "1" },
});

let announced = false;
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(String(chunk))) {
    announced = true;
    console.log(`
  Glimpse is running at ${baseUrl}

  First time? Create the first admin in the browser at ${baseUrl}/setup
  or from the shell:  npx glimpse admin create --email you@example.com --name "Your Name"
  The demo shop is at ${baseUrl}/demo
`);
  }
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
