import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { AppError } from "@/lib/errors";
import { findWebhookProvider } from "@/lib/webhooks/providers";
import { removeWebhookSecret } from "@/lib/webhooks/remove-webhook-secret";
import { setWebhookSecret, ZSetWebhookSecretSchema } from "@/lib/webhooks/set-webhook-secret";

function providerId(name: string) {
  const provider = findWebhookProvider(name);
  if (!provider) throw new AppError("not_found", "No such integration.");
  return provider.id;
}

// PUT /api/v1/integrations/:provider – set the webhook secret, {secret} or {generate:true} (admin; a generated secret is shown once)
export const PUT = withErrors(withActor<{ provider: string }>("admin", async ({ req, params, actor }) => {
  const p = providerId(params.provider);
  const input = await parseJson(req, ZSetWebhookSecretSchema);
  const { generatedSecret } = await setWebhookSecret({ providerId: p, input, actor });
  return Response.json({ provider: p, configured: true, ...(generatedSecret ? { secret: generatedSecret } : {}) });
}));

// DELETE /api/v1/integrations/:provider – remove the secret saved in the console (admin)
export const DELETE = withErrors(withActor<{ provider: string }>("admin", async ({ params, actor }) => {
  await removeWebhookSecret({ providerId: providerId(params.provider), actor });
  return new Response(null, { status: 204 });
}));
