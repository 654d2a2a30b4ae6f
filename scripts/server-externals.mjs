// The packages that stay outside both server bundles, Next's (next.config.ts) and the upload
// handler's (scripts/build-server.mjs): the two generated Prisma clients (lib/db/client.ts loads
// one), the drivers and their adapters. One list, so the two bundles share one client and one
// connection pool.
export const SERVER_EXTERNALS = [
  "better-sqlite3",
  "pg",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "@prisma/client",
  "@glimpse/prisma-sqlite",
  "@glimpse/prisma-postgresql",
  "prisma",
];
