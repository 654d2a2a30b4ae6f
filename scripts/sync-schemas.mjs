// Copies prisma/sqlite/models.prisma to prisma/postgresql/models.prisma: the two providers share
// their models (tests/repo/schemas.test.ts fails when the copies differ). Each provider keeps its
// own migrations; write the PostgreSQL one with
//   npx prisma migrate diff --from-migrations prisma/postgresql/migrations --to-schema prisma/postgresql --script
// (against a shadow database: see docs/database.md).
import { copyFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
copyFileSync(path.join(root, "prisma/sqlite/models.prisma"), path.join(root, "prisma/postgresql/models.prisma"));
console.log("✓ prisma/postgresql/models.prisma now matches prisma/sqlite/models.prisma");
