import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "./env";

/**
 * better-sqlite3 keeps one connection, so these per-connection settings are applied once, as
 * soon as it opens. secure_delete overwrites freed pages, so a purged chunk leaves no bytes
 * behind in the file.
 */
const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA secure_delete = ON",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA synchronous = NORMAL",
].join(";\n");

class GlimpseSqliteAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return adapter;
  }
}

function createClient() {
  const adapter = new GlimpseSqliteAdapter({ url: env().databasePath });
  return new PrismaClient({
    adapter,
    omit: {
      link: { tokenHash: true },
      grant: { tokenHash: true },
      recording: { wrappedKey: true, uploadTokenHash: true },
      apiKey: { keyHash: true },
      user: { passwordHash: true },
      integrationSecret: { secretEncrypted: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { glimpseDb?: Db };

export const db: Db = globalForDb.glimpseDb ?? createClient();
globalForDb.glimpseDb = db;

let walTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * After a purge: fold the write-ahead log into the database file and truncate it. secure_delete
 * zeroes the freed pages in the database file, but until a checkpoint the WAL still holds the
 * old pages (chunks, wrapped key). It runs a moment later, outside the purge's transaction, and
 * tries again while a transaction or a reader keeps it from completing.
 */
export function scheduleWalTruncate(delayMs = 200, attempt = 0) {
  clearTimeout(walTimer);
  walTimer = setTimeout(async () => {
    let done = false;
    try {
      const [row] = await db.$queryRawUnsafe<{ busy: bigint | number }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
      done = Number(row?.busy ?? 0) === 0;
    } catch {
      // Inside another transaction on this connection: try again shortly.
    }
    if (!done && attempt < 10) scheduleWalTruncate(500, attempt + 1);
  }, delayMs);
  walTimer.unref?.();
}
