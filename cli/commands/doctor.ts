import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { db, secureDeleteStatus } from "@/lib/db";
import { checkConfig } from "@/lib/config/check-config";
import { env } from "@/lib/env";
import { checkMasterKey } from "@/lib/recordings/check-master-key";
import { liveBusHealth, liveBusReady } from "@/lib/live/live-bus";

const root = path.resolve(import.meta.dirname, "../..");

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Checks what an operator would otherwise discover one failure at a time. */
export async function doctorCommand(): Promise<number> {
  let failures = 0;
  const check = async (label: string, fn: () => Promise<string> | string) => {
    try {
      console.log(`✓ ${label}: ${await fn()}`);
    } catch (error) {
      failures += 1;
      console.log(`✗ ${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  await check("configuration", () => {
    checkConfig();
    const e = env();
    return `base URL ${e.baseUrl}, database ${e.databasePath ?? `PostgreSQL at ${redactUrl(e.DATABASE_URL)}`}`;
  });
  await check("database", async () => {
    await db.$queryRaw`SELECT 1`;
    const applied = await db.$queryRawUnsafe<{ n: bigint | number }[]>(
      `SELECT COUNT(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`,
    );
    const expected = readdirSync(path.join(root, "prisma", env().databaseProvider, "migrations")).filter((n) => /^\d/.test(n)).length;
    const n = Number(applied[0]?.n ?? 0);
    if (n < expected) throw new Error(`${n} of ${expected} migrations applied: run \`npm start\` (it migrates) or \`npx prisma migrate deploy\``);
    return `reachable, ${n} migrations applied`;
  });
  await check("deletion", async () => {
    const status = await secureDeleteStatus(db);
    if (!status.enabled) throw new Error(status.detail);
    return status.mechanism === "secure_delete" ? "SQLite secure_delete on" : status.detail;
  });
  await check("live view across instances", async () => {
    await liveBusReady();
    const live = liveBusHealth();
    if (!live.ok) throw new Error(live.detail);
    return live.detail;
  });
  await check("master key", async () => {
    const opens = await checkMasterKey();
    if (env().GLIMPSE_MASTER_KEY) return `from ${opens}`;
    const file = path.join(env().dataDir, "master.key");
    const mode = statSync(file).mode & 0o777;
    if (mode !== 0o600) throw new Error(`${file} has mode ${mode.toString(8)}; it must be 600`);
    return `${opens} (mode 600) — back it up: without it, recordings cannot be read`;
  });
  await check("users", async () => {
    const admins = await db.user.count({ where: { role: "admin", disabledAt: null } });
    if (admins === 0) throw new Error("no admin yet: open /setup or run `npx glimpse admin create`");
    return `${admins} admin(s), ${await db.user.count({ where: { role: "agent" } })} agent(s)`;
  });
  await check("sites", async () => `${await db.site.count()} site(s)`);
  await check("build", () => {
    if (!existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("no production build yet: `npm start` builds it");
    if (!existsSync(path.join(root, "public/g.js"))) throw new Error("public/g.js is missing: run `npm run build:recorder`");
    return "present";
  });
  return failures === 0 ? 0 : 1;
}
