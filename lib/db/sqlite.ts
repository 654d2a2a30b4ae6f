import "server-only";
import { chmodSync, existsSync } from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Database } from "better-sqlite3";
import { sqliteCode } from "../errors";

// How this adapter treats connections, transactions and the WAL: docs/database.md.

const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA secure_delete = ON",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA synchronous = NORMAL",
].join(";\n");

const STORAGE_FAULTS = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

// On globalThis, like the client: Next bundles this module into several chunks, each with its own module variables.
type TDbState = {
  storageFault: { code: string; at: Date } | null;
  walTruncatePending: boolean;
  lastProbe: number;
  /** The adapter's connection, and its turn among transactions: for the few hot paths that write without Prisma (lib/db/upload-rows.ts). */
  exclusive?: <T>(fn: (client: Database) => T) => Promise<T>;
  connection?: Database;
};
export const dbState: TDbState = ((globalThis as { glimpseDbState?: TDbState }).glimpseDbState ??= {
  storageFault: null,
  walTruncatePending: false,
  lastProbe: 0,
});

export function lastStorageFault() {
  return dbState.storageFault;
}

function noteFailure(error: unknown) {
  const code = sqliteCode(error);
  if (code && STORAGE_FAULTS.test(code)) dbState.storageFault = { code, at: new Date() };
}

function truncateWal(client: Database): boolean {
  const [row] = client.pragma("wal_checkpoint(TRUNCATE)") as { busy: number | bigint }[];
  return Number(row?.busy ?? 0) === 0;
}

type TTransaction = Awaited<ReturnType<Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>["startTransaction"]>>;

/** A failed COMMIT must still release the adapter's lock (prisma/orm#29933); a purge's COMMIT truncates the WAL before it returns. */
function guardTransaction(client: Database, tx: TTransaction, release: () => void): TTransaction {
  for (const method of ["commit", "rollback"] as const) {
    const end = tx[method].bind(tx);
    tx[method] = async () => {
      try {
        await end();
      } finally {
        release();
      }
    };
  }
  const queryRaw = tx.queryRaw.bind(tx);
  tx.queryRaw = async (query) => {
    try {
      return await queryRaw(query);
    } catch (error) {
      noteFailure(error);
      throw error;
    }
  };
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    if (query.sql === "ROLLBACK" && !client.inTransaction) return 0;
    try {
      const result = await executeRaw(query);
      if (query.sql === "COMMIT") {
        dbState.storageFault = null;
        if (dbState.walTruncatePending) {
          dbState.walTruncatePending = false;
          try {
            if (!truncateWal(client)) retryWalTruncate();
          } catch {
            retryWalTruncate();
          }
        }
      }
      return result;
    } catch (error) {
      noteFailure(error);
      if (query.sql === "COMMIT") {
        if (client.inTransaction) {
          try {
            client.exec("ROLLBACK");
          } catch {
            // SQLite rolled it back already.
          }
        }
        await tx.rollback();
      }
      throw error;
    }
  };
  return tx;
}

const RETRYABLE_CODES = new Set(["P1008", "P2028", "P2034"]);

export function isBusyError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode ?? sqliteCode(error) ?? "";
  return original.startsWith("SQLITE_BUSY") || /SQLITE_BUSY|database is locked/i.test(e?.message ?? "");
}

let connection: Database | undefined;

export class GlimpseSqliteAdapter extends PrismaBetterSQLite3 {
  constructor(private readonly file: string) {
    super({ url: file });
  }

  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: Database }).client;
    connection = client;
    // Every transaction here writes: taking the lock at BEGIN rules out SQLITE_BUSY_SNAPSHOT.
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;
    await adapter.executeScript(CONNECTION_PRAGMAS);
    // Owner only: it holds every recording (encrypted) and the audit log.
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(this.file + suffix)) chmodSync(this.file + suffix, 0o600);
    }
    // A previous process may have stopped before folding a purge's log into the file.
    try {
      truncateWal(client);
    } catch {
      // Another process holds the database past busy_timeout: its own commits fold the log in.
    }
    process.once("exit", () => {
      try {
        client.close();
      } catch {
        // Closing at exit folds the log in; nothing more can be done if it fails.
      }
    });
    const startTransaction = adapter.startTransaction.bind(adapter);
    let queue: Promise<void> = Promise.resolve();
    const takeTurn = async () => {
      let release!: () => void;
      const turn = queue;
      queue = new Promise<void>((resolve) => (release = resolve));
      await turn;
      return release;
    };
    dbState.connection = client;
    // Made once: better-sqlite3 prepares BEGIN and COMMIT each time a transaction function is made.
    const inTransaction = client.transaction((fn: (c: Database) => unknown) => fn(client));
    dbState.exclusive = async <T>(fn: (c: Database) => T) => {
      const release = await takeTurn();
      try {
        if (client.inTransaction) client.exec("ROLLBACK");
        const result = inTransaction.immediate(fn) as T;
        dbState.storageFault = null;
        return result;
      } catch (error) {
        noteFailure(error);
        throw error;
      } finally {
        release();
      }
    };
    adapter.startTransaction = async (isolationLevel) => {
      // One at a time, so a transaction still open here can only be an abandoned one.
      const release = await takeTurn();
      try {
        if (client.inTransaction) client.exec("ROLLBACK");
        return guardTransaction(client, await startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    };
    for (const method of ["executeRaw", "queryRaw"] as const) {
      const run = adapter[method].bind(adapter) as (q: never) => Promise<never>;
      (adapter as unknown as Record<string, unknown>)[method] = async (query: never) => {
        try {
          return await run(query);
        } catch (error) {
          noteFailure(error);
          throw error;
        }
      };
    }
    return adapter;
  }
}

export function requestWalTruncate() {
  dbState.walTruncatePending = true;
}

let walTimer: ReturnType<typeof setTimeout> | undefined;

function retryWalTruncate(attempt = 0) {
  clearTimeout(walTimer);
  walTimer = setTimeout(async () => {
    let done = false;
    try {
      done = !!connection && !connection.inTransaction && truncateWal(connection);
    } catch {
      // Inside another transaction on this connection: try again shortly.
    }
    if (!done && attempt < 10) retryWalTruncate(attempt + 1);
  }, 500);
  walTimer.unref?.();
}

