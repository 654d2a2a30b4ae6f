import { withErrors } from "@/lib/api/with-errors";
import { readBody } from "@/lib/http/read-body";
import { handleWebhook, MAX_WEBHOOK_BODY_BYTES } from "@/lib/webhooks/handle-webhook";

// POST /api/webhooks/:provider – a signed helpdesk event: ticket created, resolved, reopened or deleted
export const POST = withErrors<{ provider: string }>(async ({ req, params }) => {
  const raw = await readBody(req, { maxBytes: MAX_WEBHOOK_BODY_BYTES });
  const outcome = await handleWebhook({ providerId: params.provider, headers: req.headers, raw, now: new Date() });
  return Response.json({ ok: true, result: outcome.result, message: outcome.message }, { status: outcome.status });
});
