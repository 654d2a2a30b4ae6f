import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { updateUser, ZUpdateUserSchema } from "@/lib/users/update-user";

// PATCH /api/v1/users/:id – rename, change role, disable or enable (admin)
export const PATCH = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  const input = await parseJson(req, ZUpdateUserSchema);
  return Response.json({ user: await updateUser({ userId: params.id, input, actor }) });
}));
