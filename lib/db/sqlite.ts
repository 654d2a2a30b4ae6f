import { chmodSync, existsSync } from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Database } from "better-sqlite3";
import { sqliteCode } from "../errors";

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

/** SQLite result codes that mean the database cannot be written, whatever the statement. */
const STORAGE_FAULTS = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

/**
 * State shared with the client's adapter. Next bundles this module into several chunks (routes,
 * instrumentation), each with its own module variables, while the client is one, on globalThis:
 * so is its dbState.
 */
type TDbState = {
  /** The last write that failed for want of storage, until a write succeeds again (for health). */
  storageFault: { code: string; at: Date } | null;
  walTruncatePending: boolean;
  lastProbe: number;
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

/**
 * Prisma ends an interactive transaction by sending COMMIT (or ROLLBACK) through the
 * transaction, and only then calls its commit() (or rollback()), which releases the adapter's
 * transaction lock. When COMMIT itself fails, for example with SQLITE_FULL, neither is called:
 * the lock stays held and every later transaction waits for it forever, and SQLite may still
 * have the transaction open on the one connection (prisma/orm#29933). So a failed COMMIT rolls
 * back what SQLite kept and releases the lock before the error goes on; a ROLLBACK of a
 * transaction SQLite already rolled back by itself is a no-op rather than another failure.
 *
 * After a COMMIT that purged recordings, the write-ahead log still holds the purged pages, so
 * it is folded into the database and truncated before the commit returns.
 */
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

/** Another writer holds or took the lock: the transaction can run again from the start. */
export function isBusyError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode ?? sqliteCode(error) ?? "";
  return original.startsWith("SQLITE_BUSY") || /SQLITE_BUSY|database is locked/i.test(e?.message ?? "");
}

/** The one connection, for the WAL retry that runs outside any transaction. */
let connection: Database | undefined;

export class GlimpseSqliteAdapter extends PrismaBetterSQLite3 {
  constructor(private readonly file: string) {
    super({ url: file });
  }

  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: Database }).client;
    connection = client;
    // Every interactive transaction here writes. Taking the write lock at BEGIN means another
    // process's commit can never invalidate what it read (SQLITE_BUSY_SNAPSHOT, which no retry
    // cures while that process keeps writing); it waits for the lock instead, up to busy_timeout.
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;
    await adapter.executeScript(CONNECTION_PRAGMAS);
    // The database holds every recording (encrypted) and the audit log: owner only. SQLite gives
    // the -wal and -shm files the database file's mode.
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
    adapter.startTransaction = async (isolationLevel) => {
      // One transaction at a time, from BEGIN until it is committed or rolled back, so that a
      // transaction still open on the connection here can only be one that was abandoned: it
      // would make BEGIN fail and keep the adapter's own lock for good.
      let release!: () => void;
      const turn = queue;
      queue = new Promise<void>((resolve) => (release = resolve));
      await turn;
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

/**
 * After a purge: the write-ahead log still holds the purged pages (chunks, wrapped key) until
 * it is folded into the database file, where secure_delete has zeroed them. This asks for it at
 * the end of the current transaction, before its commit returns (see guardTransaction).
 */
export function requestWalTruncate() {
  dbState.walTruncatePending = true;
}

let walTimer: ReturnType<typeof setTimeout> | undefined;

/** When a reader in another process keeps the checkpoint from completing: try again shortly. */
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

