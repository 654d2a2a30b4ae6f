import "server-only";
/** The token of an `Authorization: Bearer <token>` header; null when absent or malformed. */
export function bearerToken(authorization: string | null): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? null;
}
