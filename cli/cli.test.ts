import { afterEach, describe, expect, it, vi } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { parseOrigins } from "@/lib/sites/site-origins";
import { verifyPassword } from "@/lib/users/password";
import { adminCreateCommand } from "./commands/admin-create";
import { apiKeyCreateCommand } from "./commands/api-key-create";
import { doctorCommand } from "./commands/doctor";
import { onPostgres } from "@/tests/support/postgres-test-db";
import { siteAddCommand } from "./commands/site-add";

function captureOutput() {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args) => void lines.push(args.join(" ")));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.GLIMPSE_ADMIN_EMAIL;
  delete process.env.GLIMPSE_ADMIN_PASSWORD;
  resetEnvCache();
});

describe("first start", () => {
  it("seeds the demo site once, and the first admin from GLIMPSE_ADMIN_EMAIL/PASSWORD only while there are no users", async () => {
    process.env.GLIMPSE_ADMIN_EMAIL = "first@example.com";
    process.env.GLIMPSE_ADMIN_PASSWORD = "a long first password";
    resetEnvCache();
    await bootstrap();
    await bootstrap();
    expect(await db.site.count({ where: { isDemo: true } })).toBe(1);
    const admin = await db.user.findUniqueOrThrow({ where: { email: "first@example.com" }, omit: { passwordHash: false } });
    expect(admin.role).toBe("admin");
    expect(await verifyPassword("a long first password", admin.passwordHash)).toBe(true);
    expect(await db.user.count()).toBe(1);
  });
});

describe("npx glimpse", () => {
  it("admin create prints a generated password once, and refuses a duplicate", async () => {
    const out = captureOutput();
    expect(await adminCreateCommand(["--email", "ops@example.com", "--name", "Ops"])).toBe(0);
    const password = out.join("\n").match(/Password \(shown once\): (\S+)/)?.[1];
    const user = await db.user.findUniqueOrThrow({ where: { email: "ops@example.com" }, omit: { passwordHash: false } });
    expect(await verifyPassword(password!, user.passwordHash)).toBe(true);
    await expect(adminCreateCommand(["--email", "ops@example.com"])).rejects.toMatchObject({ code: "conflict" });
    expect(await adminCreateCommand([])).toBe(2);
  });

  it("api-key create prints a key that is stored only as its hash", async () => {
    const out = captureOutput();
    expect(await apiKeyCreateCommand(["--name", "zapier", "--email", "ops@example.com"])).toBe(0);
    const key = out.join("\n").match(/(glk_\S+)/)?.[1];
    expect(key).toBeDefined();
    const stored = await db.apiKey.findFirstOrThrow({ where: { name: "zapier" }, omit: { keyHash: false } });
    expect(stored.keyHash).toBe(sha256Hex(key!));
    expect(JSON.stringify(stored)).not.toContain(key!);
    expect(await apiKeyCreateCommand(["--name", "x", "--email", "nobody@example.com"])).toBe(1);
  });

  it("site add stores normalised origins and prints the snippet; a start URL off those origins is refused", async () => {
    const out = captureOutput();
    expect(await siteAddCommand(["--name", "Shop", "--origin", "https://Shop.Example.com/some/path", "--preset", "balanced"])).toBe(0);
    const site = await db.site.findFirstOrThrow({ where: { name: "Shop" } });
    expect(parseOrigins(site.allowedOrigins)).toEqual(["https://shop.example.com"]);
    expect(site).toMatchObject({ privacyPreset: "balanced", startUrl: "https://shop.example.com/" });
    expect(out.join("\n")).toContain(`data-site="${site.siteKey}"`);
    // The same audit entry as a site created in the console.
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "site.created" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.details)).toMatchObject({ siteId: site.id, allowedOrigins: ["https://shop.example.com"], privacyPreset: "balanced" });
    expect(await siteAddCommand(["--name", "Bad", "--origin", "https://a.example", "--preset", "loose"])).toBe(2);
    expect(await siteAddCommand(["--name", "Bad", "--origin", "https://a.example", "--start-url", "https://b.example/"])).toBe(2);
    expect(await siteAddCommand(["--name", "Bad", "--origin", "javascript:alert(1)"])).toBe(2);
    expect(await db.site.count({ where: { name: "Bad" } })).toBe(0);
  });

  it("doctor checks the database, its migrations, the deletion guarantee, the live listener and the users", async () => {
    const out = captureOutput();
    await doctorCommand();
    const text = out.join("\n");
    expect(text).toMatch(/✓ database: reachable, \d+ migrations applied/);
    expect(text).toContain(onPostgres() ? "✓ deletion: crypto-shredding" : "✓ deletion: SQLite secure_delete on");
    expect(text).toContain(onPostgres() ? "✓ live view across instances: listening; a self-test NOTIFY came back" : "✓ live view across instances: one process");
    expect(text).toMatch(/✓ users: \d+ admin/);
  });

  it("doctor fails the database check while a migration is missing", async () => {
    const out = captureOutput();
    const [last] = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "_prisma_migrations" ORDER BY "started_at" DESC LIMIT 1`;
    await db.$executeRaw`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "id" = ${last!.id}`;
    try {
      expect(await doctorCommand()).toBe(1);
      expect(out.join("\n")).toMatch(/✗ database: \d+ of \d+ migrations applied/);
    } finally {
      await db.$executeRaw`UPDATE "_prisma_migrations" SET "finished_at" = "started_at" WHERE "id" = ${last!.id}`;
    }
  });
});
