import { decideConsent, ZConsentFormSchema } from "@/lib/consent/decide-consent";
import { pickLanguage } from "@/lib/consent/pick-language";
import { toErrorResponse } from "@/lib/errors";
import { readForm } from "@/lib/http/read-body";

const MAX_FORM_BYTES = 16 * 1024;

type TContext = { params: Promise<{ token: string }> };

function seeOther(location: string) {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

// POST /r/:token/decision – the consent form (decision=accept|decline|withdraw|resume), without JavaScript
export async function POST(req: Request, ctx: TContext) {
  const { token } = await ctx.params;
  let fields: Record<string, unknown>;
  try {
    // Not a form: no fields, so the answer is the page, which explains the link's state.
    fields = await readForm(req, { maxBytes: MAX_FORM_BYTES });
  } catch (error) {
    return toErrorResponse(error);
  }
  const lang = pickLanguage(fields.lang, req.headers.get("accept-language"));
  const page = (extra = "") => seeOther(`/r/${encodeURIComponent(token)}?lang=${lang}${extra}`);
  const form = ZConsentFormSchema.safeParse({ ...fields, lang });
  if (!form.success) return page();
  try {
    const outcome = await decideConsent({ token, form: form.data });
    if (outcome.kind === "grant") return seeOther(outcome.location);
    return page(outcome.reason === "notice_changed" ? "&changed=1" : "");
  } catch (error) {
    console.error("[glimpse] consent decision failed", error);
    return page("&error=1");
  }
}
