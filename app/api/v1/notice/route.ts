import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { listNotices } from "@/lib/notice/list-notices";
import { publishNotice, ZPublishNoticeSchema } from "@/lib/notice/publish-notice";

// GET /api/v1/notice – every version of the consent notice, newest first
export const GET = withErrors(withActor("agent", async () => {
  return Response.json({ versions: await listNotices() });
}));

// POST /api/v1/notice – publish the next version, in English and French
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZPublishNoticeSchema);
  return Response.json(await publishNotice(input, actor), { status: 201 });
}));
