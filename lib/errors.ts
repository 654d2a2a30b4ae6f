import "server-only";
import { ZodError } from "zod";

/** Every failure a caller can cause has a code; the body is always `{ error: { code, message } }`. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  /** The thing does not exist, or the caller may not know that it exists. */
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limited: 429,
  /** A bug or an outage. The message is hidden from the caller and logged. */
  internal_server_error: 500,
  service_unavailable: 503,
  /** The master key does not open the recording's key (changed or lost): 503, so a recorder keeps its batches. */
  key_unavailable: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, opts: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

export function formatZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** The SQLite result code carried by an error, however deep Prisma wrapped it. */
export function sqliteCode(error: unknown): string | null {
  let e = error as Record<string, unknown> | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = e.code ?? e.originalCode;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
    const meta = e.meta as { driverAdapterError?: unknown } | undefined;
    e = (meta?.driverAdapterError ?? e.cause) as Record<string, unknown> | undefined;
  }
  const message = (error as { message?: unknown })?.message;
  if (typeof message === "string" && /database or disk is full/i.test(message)) return "SQLITE_FULL";
  return null;
}

/** The PostgreSQL SQLSTATE carried by an error, however deep Prisma wrapped it. */
export function pgCode(error: unknown): string | null {
  let e = error as Record<string, unknown> | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const code = e.originalCode ?? e.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("P")) return code;
    const meta = e.meta as { driverAdapterError?: unknown } | undefined;
    e = (meta?.driverAdapterError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return null;
}

/** pg's pool found no free connection within its connectionTimeoutMillis. */
function poolTimedOut(error: unknown): boolean {
  let e = error as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    if (typeof e.message === "string" && e.message.includes("timeout exceeded when trying to connect")) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers = error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
    return Response.json(errorBody(error.code, error.message), { status: error.status, headers });
  }
  if (error instanceof ZodError) {
    return Response.json(errorBody("unprocessable_entity", formatZodError(error)), { status: 422 });
  }
  const sqlite = sqliteCode(error);
  const pg = pgCode(error);
  if (sqlite === "SQLITE_FULL" || pg === "53100") {
    console.error("[glimpse] the disk is full: a write failed", error);
    return Response.json(errorBody("insufficient_storage", "The server's disk is full: nothing was stored. Try again later."), { status: 507 });
  }
  // Still busy, or still conflicting, after every retry (lib/db/busy-retry.ts); or no pool connection came free in time.
  if (sqlite?.startsWith("SQLITE_BUSY") || pg === "40001" || pg === "40P01" || (error as { code?: string })?.code === "P2034" || poolTimedOut(error)) {
    console.error("[glimpse] the database stayed busy", error);
    return Response.json(errorBody("service_unavailable", "The server is busy: nothing was stored. Try again shortly."), {
      status: 503,
      headers: { "retry-after": "2" },
    });
  }
  console.error("[glimpse] unhandled error", error);
  return Response.json(errorBody("internal_server_error", "Something went wrong on our side."), {
    status: 500,
  });
}
