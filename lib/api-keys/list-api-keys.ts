import "server-only";
import { db } from "../db";

/** Never the key or its hash: the prefix is enough to recognise one. */
export async function listApiKeys() {
  const keys = await db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    include: { user: { select: { email: true, name: true } } },
  });
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    owner: k.user.email,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}
