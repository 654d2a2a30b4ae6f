import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Runs migrations through the WASM schema engine and a JS driver, so the CLI works offline and
// needs no native engine download. The schema folder and migration history follow DATABASE_URL:
// prisma/sqlite for file: URLs, prisma/postgresql for postgres:// ones.
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/glimpse.db";
const provider = /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgresql" : "sqlite";

// The schema engine reads PostgreSQL's catalogs, whose `name` columns (and a few other internal
// types) the pg adapter refuses to decode (prisma/orm#27403). They arrive from pg as strings, so
// the migration connection reports them as text.
const CATALOG_TEXT_TYPES = new Set([18, 19, 22, 24, 194, 1033]); // char, name, int2vector, regproc, pg_node_tree, aclitem
const CATALOG_TEXT_ARRAYS = new Set([1002, 1003, 1034]); // char[], name[], aclitem[]

function withCatalogTypes(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const driver = await connect();
    const queryable = Object.getPrototypeOf(Object.getPrototypeOf(driver)) as { performIO: (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }> };
    if (!(queryable as { glimpsePatched?: boolean }).glimpsePatched) {
      const performIO = queryable.performIO;
      queryable.performIO = async function (this: unknown, query: unknown) {
        const result = await performIO.call(this, query);
        for (const field of result.fields ?? []) {
          if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = 25;
          else if (CATALOG_TEXT_ARRAYS.has(field.dataTypeID)) field.dataTypeID = 1009;
        }
        return result;
      };
      (queryable as { glimpsePatched?: boolean }).glimpsePatched = true;
    }
    return driver;
  };
  return factory;
}

export default defineConfig({
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (provider === "postgresql") {
      // Migrations take locks and run DDL: over the direct connection, not through a pooler.
      return withCatalogTypes(new PrismaPg({ connectionString: process.env.DIRECT_DATABASE_URL || databaseUrl }));
    }
    return new PrismaBetterSQLite3({ url: path.resolve(databaseUrl.replace(/^file:/, "")) });
  },
});
