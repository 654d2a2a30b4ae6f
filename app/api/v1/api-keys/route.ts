import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createApiKey, ZCreateApiKeySchema } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";

// GET /api/v1/api-keys – keys by prefix, never the key (admin)
export const GET = withErrors(withActor("admin", async () => Response.json({ apiKeys: await listApiKeys() })));

// POST /api/v1/api-keys – create a key acting as the caller; the key is in this answer only (admin)
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const { name } = await parseJson(req, ZCreateApiKeySchema);
  const { apiKey, key } = await createApiKey({ userId: actor.userId, name, actor });
  return Response.json(
    { apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, createdAt: apiKey.createdAt.toISOString() }, key },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
}));
