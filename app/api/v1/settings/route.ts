import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { getSettings } from "@/lib/settings/get-settings";
import { updateSettings, ZUpdateSettingsSchema } from "@/lib/settings/update-settings";

// GET /api/v1/settings – retention and link defaults
export const GET = withErrors(withActor("agent", async () => Response.json({ settings: await getSettings() })));

// PATCH /api/v1/settings – change some of them (admin)
export const PATCH = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZUpdateSettingsSchema);
  return Response.json({ settings: await updateSettings(input, actor) });
}));
