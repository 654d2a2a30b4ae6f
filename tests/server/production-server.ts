import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { buildIfNeeded } from "../../scripts/build.mjs";
import { migrate, root, SERVER_NODE_ARGS } from "../../scripts/lib.mjs";

export type TServerKeys = { GLIMPSE_MASTER_KEY: string; AUTH_SECRET: string };

export const newServerKeys = (): TServerKeys => ({ GLIMPSE_MASTER_KEY: randomBytes(32).toString("hex"), AUTH_SECRET: randomBytes(32).toString("hex") });

/**
 * The production server (scripts/server.mjs: the build behind the upload handler), for the tests
 * that kill it: on its own SQLite file in `dataDir`, or on `databaseUrl` (PostgreSQL) with the
 * `keys` that the other instances of the same database share. It is built the way the e2e server
 * builds it: only when the sources changed.
 */
export function productionServer(opts: { port: number } & ({ dataDir: string; databaseUrl?: undefined } | { databaseUrl: string; dataDir?: undefined }) & { keys?: TServerKeys }) {
  const dbFile = opts.dataDir ? path.join(opts.dataDir, "glimpse.db") : null;
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const env: Record<string, string> = {
    DATABASE_URL: dbFile ? `file:${dbFile}` : opts.databaseUrl!,
    GLIMPSE_BASE_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    ...(opts.keys ?? newServerKeys()),
    GLIMPSE_DISABLE_JOBS: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  let child: ChildProcess | undefined;
  let output = "";

  return {
    env,
    dbFile: dbFile!,
    baseUrl,
    port: opts.port,
    output: () => output,
    prepare() {
      buildIfNeeded();
      migrate(env);
    },
    /** Starts the server and resolves once /api/health answers 200. */
    async start(timeoutMs = 30_000) {
      child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts/server.mjs"), "-p", String(opts.port), "-H", "127.0.0.1"], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d) => (output += d));
      child.stderr!.on("data", (d) => (output += d));
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
        try {
          const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
          if (res.status === 200) return;
        } catch {
          // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the server did not answer within ${timeoutMs} ms:\n${output}`);
    },
    /** Sends the signal and waits for the process to be gone. */
    async stop(signal: NodeJS.Signals = "SIGKILL") {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
      c.kill(signal);
      await gone;
    },
    /** Starts the server expecting it to refuse: resolves its exit code and output. */
    async startRefused(extraEnv: Record<string, string>, timeoutMs = 20_000) {
      const c = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts/server.mjs"), "-p", String(opts.port), "-H", "127.0.0.1"], {
        cwd: root,
        env: { ...process.env, ...env, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      c.stdout!.on("data", (d) => (out += d));
      c.stderr!.on("data", (d) => (out += d));
      // Next only runs instrumentation when the first request or its own start-up reaches it.
      const poke = setInterval(() => void fetch(`${baseUrl}/api/health`).catch(() => {}), 300);
      const timer = setTimeout(() => c.kill("SIGKILL"), timeoutMs);
      const code = await new Promise<number | null>((resolve) => c.once("exit", (code) => resolve(code)));
      clearInterval(poke);
      clearTimeout(timer);
      return { code, output: out };
    },
  };
}
