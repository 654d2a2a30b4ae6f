import { parseJson } from "@/lib/api/parse-request";
import { withErrors } from "@/lib/api/with-errors";
import { AppError } from "@/lib/errors";
import { createFirstAdmin, ZCreateUserSchema } from "@/lib/users/create-user";
import { serializeUser } from "@/lib/users/serialize-user";

const ZSetupSchema = ZCreateUserSchema.omit({ role: true });

// POST /api/v1/setup – first run: create the first admin, only while there are no users
export const POST = withErrors(async ({ req }) => {
  if (!(req.headers.get("content-type") ?? "").includes("json")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const input = await parseJson(req, ZSetupSchema);
  const user = await createFirstAdmin(input);
  return Response.json({ user: serializeUser(user) }, { status: 201 });
});
