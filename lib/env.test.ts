import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// Simulates the race where another process creates the key between our check and our write.
const fsState = vi.hoisted(() => ({ pretendMissing: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return { ...fs, existsSync: (p: string) => (fsState.pretendMissing ? false : fs.existsSync(p)) };
});

const { env, getMasterKey, resetEnvCache } = await import("./env");
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  fsState.pretendMissing = false;
  resetEnvCache();
});

function useFreshDataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "glimpse-env-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "glimpse.db")}`;
  delete process.env.GLIMPSE_MASTER_KEY;
  delete process.env.GLIMPSE_DATA_DIR;
  resetEnvCache();
  return dir;
}

describe("master key", () => {
  it("is generated once into the data folder with mode 0600 and read back after a restart", () => {
    const dir = useFreshDataDir();
    const key = getMasterKey();
    expect(key).toHaveLength(32);
    expect(statSync(path.join(dir, "master.key")).mode & 0o777).toBe(0o600);
    resetEnvCache();
    expect(getMasterKey().equals(key)).toBe(true);
  });

  it("uses the key another process wrote first instead of failing", () => {
    const dir = useFreshDataDir();
    const theirs = "ab".repeat(32);
    writeFileSync(path.join(dir, "master.key"), theirs, { mode: 0o600 });
    fsState.pretendMissing = true;
    expect(getMasterKey().toString("hex")).toBe(theirs);
  });

  it("refuses a GLIMPSE_MASTER_KEY that is not 32 bytes, naming the variable", () => {
    useFreshDataDir();
    process.env.GLIMPSE_MASTER_KEY = "too-short";
    resetEnvCache();
    expect(() => getMasterKey()).toThrow(/GLIMPSE_MASTER_KEY/);
  });
});

describe("empty variables", () => {
  it("are treated as unset, as a compose file or .env leaves them (GLIMPSE_ADMIN_EMAIL=)", () => {
    useFreshDataDir();
    Object.assign(process.env, { GLIMPSE_ADMIN_EMAIL: "", GLIMPSE_ADMIN_PASSWORD: "", GLIMPSE_MASTER_KEY: " ", AUTH_SECRET: "", GLIMPSE_BASE_URL: "", PORT: "" });
    resetEnvCache();
    const e = env();
    expect([e.GLIMPSE_ADMIN_EMAIL, e.GLIMPSE_ADMIN_PASSWORD, e.GLIMPSE_MASTER_KEY, e.AUTH_SECRET, e.PORT]).toEqual([undefined, undefined, undefined, undefined, 3000]);
    expect(e.baseUrl).toBe("http://localhost:3000");
  });
});
