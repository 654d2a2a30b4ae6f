import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { ZUpdateConnectionSchema } from "@/lib/helpdesk/connection-input";
import { deleteConnection } from "@/lib/helpdesk/delete-connection";
import { updateConnection } from "@/lib/helpdesk/update-connection";

// PATCH /api/v1/helpdesk-connections/:id – replace config, or change siteId or enabled (admin)
export const PATCH = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  const input = await parseJson(req, ZUpdateConnectionSchema);
  return Response.json({ connection: await updateConnection({ id: params.id, input, actor }) });
}));

// DELETE /api/v1/helpdesk-connections/:id – disconnect: the credentials and the note log are deleted (admin)
export const DELETE = withErrors(withActor<{ id: string }>("admin", async ({ params, actor }) => {
  await deleteConnection({ id: params.id, actor });
  return new Response(null, { status: 204 });
}));
