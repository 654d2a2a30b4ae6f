import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createUser, ZCreateUserSchema } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { serializeUser } from "@/lib/users/serialize-user";

// GET /api/v1/users – the team (admin)
export const GET = withErrors(withActor("admin", async () => Response.json({ users: await listUsers() })));

// POST /api/v1/users – create an agent or admin with an initial password (admin)
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZCreateUserSchema);
  return Response.json({ user: serializeUser(await createUser({ input, actor })) }, { status: 201 });
}));
