import "server-only";
import { ZodError } from "zod";

/** Every failure a caller can cause has a code; the body is always `{ error: { code, message } }`. */
export const ERROR_STATUS = {
  /** The body or query could not be parsed at all (bad JSON, bad gzip). */
  bad_request: 400,
  /** No credentials, or credentials that are not valid. */
  unauthorized: 401,
  /** Valid credentials without the role this action needs. */
  forbidden: 403,
  /** The thing does not exist, or the caller may not know that it exists. */
  not_found: 404,
  /** The path exists, but not for this method. */
  method_not_allowed: 405,
  /** The request conflicts with the current state (e.g. a link that is already revoked). */
  conflict: 409,
  /** A token or link that existed but can no longer be used. */
  gone: 410,
  /** The body is larger than the cap, compressed or after decompression. */
  payload_too_large: 413,
  /** The body's media type is not accepted. */
  unsupported_media_type: 415,
  /** The body parsed but failed validation. */
  unprocessable_entity: 422,
  /** Too many attempts; retry later. */
  rate_limited: 429,
  /** A bug or an outage. The message is hidden from the caller and logged. */
  internal_server_error: 500,
  /** Busy for now (the database is locked by another process, the key cannot be used); retry later. */
  service_unavailable: 503,
  /** The master key does not open the recording's key (changed or lost): 503, so a recorder keeps its batches. */
  key_unavailable: 503,
  /** The disk is full: nothing was stored. Retrying once space is freed will work. */
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Sent as Retry-After. */
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

/** Maps anything thrown inside a handler to a JSON error response. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers = error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
    return Response.json(errorBody(error.code, error.message), { status: error.status, headers });
  }
  if (error instanceof ZodError) {
    return Response.json(errorBody("unprocessable_entity", formatZodError(error)), { status: 422 });
  }
  const sqlite = sqliteCode(error);
  if (sqlite === "SQLITE_FULL") {
    console.error("[glimpse] the disk is full: a write failed", error);
    return Response.json(errorBody("insufficient_storage", "The server's disk is full: nothing was stored. Try again later."), { status: 507 });
  }
  if (sqlite?.startsWith("SQLITE_BUSY")) {
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
