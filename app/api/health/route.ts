import { db, probeDatabaseWrite } from "@/lib/db";
import { withErrors } from "@/lib/api/with-errors";
import { errorBody, pgCode, sqliteCode } from "@/lib/errors";
import { liveBusHealth } from "@/lib/live/live-bus";

// GET /api/health – ok once the database answers and can be written; 503 when it cannot store
// anything. `live` says whether live views hear about other instances' uploads (PostgreSQL's
// LISTEN/NOTIFY); while it does not, they fall back to polling, so it degrades, it does not fail.
export const GET = withErrors(async () => {
  await db.$queryRaw`SELECT 1`;
  try {
    await probeDatabaseWrite();
  } catch (error) {
    const code = sqliteCode(error) ?? pgCode(error) ?? "unknown";
    console.error("[glimpse] health: the database cannot be written", error);
    return Response.json(
      { status: "unavailable", ...errorBody("service_unavailable", `The database cannot be written (${code}).`) },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
  const live = liveBusHealth();
  return Response.json({ status: live.ok ? "ok" : "degraded", live }, { headers: { "cache-control": "no-store" } });
});
