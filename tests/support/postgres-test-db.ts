import pg from "pg";

// The PostgreSQL side of the test suite: which database the suite runs on, and throwaway
// databases copied from a migrated template.

export function testDatabaseProvider(): "sqlite" | "postgresql" {
  return process.env.GLIMPSE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

export const onPostgres = () => testDatabaseProvider() === "postgresql";

/** A role that may create databases; the test databases are made and dropped through it. */
export function testDatabaseAdminUrl(): string {
  return process.env.GLIMPSE_TEST_PG_URL || "postgresql://root@127.0.0.1:5432/postgres";
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<{ datname: string }[]> {
  const client = new pg.Client({ connectionString: testDatabaseAdminUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own (CREATE DATABASE … TEMPLATE is a file copy: fast). */
export async function createTestDatabase(template: string, name: string): Promise<string> {
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return withDatabase(testDatabaseAdminUrl(), name);
}

/**
 * Whether any row of the test's database holds `needle`, as text or as bytes (searched hex-encoded
 * too, as PostgreSQL prints bytea). SQLite: the file and its WAL, byte for byte.
 */
export async function databaseHolds(needle: string): Promise<boolean> {
  const url = process.env.DATABASE_URL!;
  if (!url.startsWith("postgres")) {
    const { existsSync, readFileSync } = await import("node:fs");
    const file = url.replace(/^file:/, "");
    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    return bytes.includes(Buffer.from(needle));
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows as { tablename: string }[];
    const hex = Buffer.from(needle).toString("hex");
    for (const { tablename } of tables) {
      const { rows } = await client.query(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
      if (rows.some(({ j }: { j: string }) => j.includes(needle) || j.includes(hex))) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}
