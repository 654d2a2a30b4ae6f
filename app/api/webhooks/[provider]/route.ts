import { withErrors } from "@/lib/api/with-errors";
import { handleWebhook } from "@/lib/webhooks/handle-webhook";

export const dynamic = "force-dynamic";

// POST /api/webhooks/:provider – a signed helpdesk event: ticket created, resolved, reopened or deleted
export const POST = withErrors<{ provider: string }>(async ({ req, params }) => {
  const outcome = await handleWebhook(params.provider, req);
  return Response.json({ ok: true, result: outcome.result, message: outcome.message }, { status: outcome.status });
});
