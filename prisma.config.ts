import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// Runs migrations through the WASM schema engine and the better-sqlite3 driver, so the CLI
// works offline and needs no native engine download.
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/glimpse.db";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: path.resolve(databaseUrl.replace(/^file:/, "")) });
  },
});
