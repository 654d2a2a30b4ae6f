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
