import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "glimpse-start-"));

/** `npm start` with the given variables; it must exit within a few seconds, never serve. */
function start(vars: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: `file:${path.join(dir, "ok", "glimpse.db")}`,
        GLIMPSE_MASTER_KEY: randomBytes(32).toString("hex"),
        AUTH_SECRET: randomBytes(32).toString("hex"),
        PORT: "3599",
        ...vars,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after 10 s:\n${stderr}`));
    }, 10_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

let roMount: string | null = null;
afterAll(() => {
  if (roMount) execFileSync("umount", ["-l", roMount]);
  rmSync(dir, { recursive: true, force: true });
});

/** A folder the server cannot write: a read-only mount as root (root ignores modes), else mode 555. */
function readOnlyFolder() {
  const folder = path.join(dir, "ro");
  mkdirSync(folder);
  if (process.getuid?.() === 0) {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder]);
    roMount = folder;
  } else chmodSync(folder, 0o555);
  return folder;
}

describe("npm start with an invalid configuration", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["admin email", { GLIMPSE_ADMIN_EMAIL: "not-an-email" }, /GLIMPSE_ADMIN_EMAIL/],
    ["admin password", { GLIMPSE_ADMIN_PASSWORD: "short" }, /GLIMPSE_ADMIN_PASSWORD/],
    ["master key", { GLIMPSE_MASTER_KEY: "abc" }, /GLIMPSE_MASTER_KEY/],
    ["auth secret", { AUTH_SECRET: "short" }, /AUTH_SECRET/],
    ["base URL", { GLIMPSE_BASE_URL: "localhost:3000" }, /GLIMPSE_BASE_URL/],
    ["port", { PORT: "99999" }, /PORT/],
    ["database URL", { DATABASE_URL: "mysql://db.example/glimpse" }, /DATABASE_URL/],
    ["PostgreSQL without a shared master key", { DATABASE_URL: "postgres://db.example/glimpse", GLIMPSE_MASTER_KEY: "" }, /GLIMPSE_MASTER_KEY: required with PostgreSQL/],
    ["PostgreSQL without a shared auth secret", { DATABASE_URL: "postgres://db.example/glimpse", AUTH_SECRET: "" }, /AUTH_SECRET: required with PostgreSQL/],
  ];
  for (const [name, vars, pattern] of cases) {
    it(`exits non-zero at once, naming the variable: ${name}`, async () => {
      const r = await start(vars);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(pattern);
      expect(r.ms).toBeLessThan(8_000);
    });
  }

  it("a folder as the database path is named as such, before migrating", async () => {
    const folder = path.join(dir, "a-folder");
    mkdirSync(folder);
    const r = await start({ DATABASE_URL: `file:${folder}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DATABASE_URL: .*a-folder is a folder/);
    expect(r.stderr).not.toMatch(/External error/);
  });

  it("a read-only folder is named as not writable", async () => {
    const folder = readOnlyFolder();
    const r = await start({ DATABASE_URL: `file:${path.join(folder, "glimpse.db")}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DATABASE_URL: the folder .*ro is not writable/);
    expect(r.stderr).not.toMatch(/External error/);
  });

  it("a file where the data folder should be is named", async () => {
    const blocker = path.join(dir, "blocker");
    writeFileSync(blocker, "");
    const r = await start({ DATABASE_URL: `file:${path.join(blocker, "glimpse.db")}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DATABASE_URL: cannot create the folder .*blocker/);
  });
});

describe("file modes", () => {
  it("the migrated database is created 0600, whatever the umask", () => {
    const old = process.umask(0o022);
    try {
      const file = path.join(dir, "modes", "glimpse.db");
      migrate({ DATABASE_URL: `file:${file}` });
      expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
      expect((statSync(path.dirname(file)).mode & 0o777).toString(8)).toBe("700");
    } finally {
      process.umask(old);
    }
  });
});
