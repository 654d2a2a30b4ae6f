import { db, probeDatabaseWrite } from "@/lib/db";
import { withErrors } from "@/lib/api/with-errors";
import { errorBody, sqliteCode } from "@/lib/errors";

// GET /api/health – ok once the database answers and can be written; 503 when it cannot store anything
export const GET = withErrors(async () => {
  await db.$queryRaw`SELECT 1`;
  try {
    await probeDatabaseWrite();
  } catch (error) {
    const code = sqliteCode(error) ?? "unknown";
    console.error("[glimpse] health: the database cannot be written", error);
    return Response.json(
      { status: "unavailable", ...errorBody("service_unavailable", `The database cannot be written (${code}).`) },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
});
