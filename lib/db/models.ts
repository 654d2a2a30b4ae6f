// The models' types (Ticket, LinkStatus, Prisma.…). Both providers' clients are generated from the
// same models (tests/repo/schemas.test.ts), so the SQLite client's types describe either.
export type * from "@glimpse/prisma-sqlite";
