import { db } from "@/lib/db";
import { withErrors } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

// GET /api/health – ok once the database answers
export const GET = withErrors(async () => {
  await db.$queryRaw`SELECT 1`;
  return Response.json({ status: "ok" });
});
