import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { db, secureDeleteStatus } from "@/lib/db";
import { checkConfig } from "@/lib/config/check-config";
import { env } from "@/lib/env";
import { checkMasterKey } from "@/lib/recordings/check-master-key";

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
    return `base URL ${e.baseUrl}, database ${e.databasePath}`;
  });
  await check("database", async () => {
    await db.$queryRaw`SELECT 1`;
    const applied = await db.$queryRawUnsafe<{ n: bigint | number }[]>(
      `SELECT COUNT(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`,
    );
    return `reachable, ${Number(applied[0]?.n ?? 0)} migrations applied`;
  });
  await check("secure_delete", async () => {
    const status = await secureDeleteStatus(db);
    if (!status.enabled) throw new Error(status.detail);
    return "on";
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
    const root = path.resolve(import.meta.dirname, "../..");
    if (!existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("no production build yet: `npm start` builds it");
    if (!existsSync(path.join(root, "public/g.js"))) throw new Error("public/g.js is missing: run `npm run build:recorder`");
    return "present";
  });
  return failures === 0 ? 0 : 1;
}
