import { ZodError } from "zod";
import { parseFlags } from "../args";
import { AppError, formatZodError } from "@/lib/errors";
import { createSite } from "@/lib/sites/create-site";
import { siteSnippet } from "@/lib/sites/serialize-site";
import { ZCreateSiteSchema } from "@/lib/sites/site-input";
import { normaliseOrigin } from "@/lib/sites/site-origins";

const USAGE = "Usage: npx glimpse site add --name N --origin https://shop.example [--origin …] [--start-url URL] [--preset strict|balanced]";

export async function siteAddCommand(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    name: { type: "string" },
    origin: { type: "string", multiple: true },
    "start-url": { type: "string" },
    preset: { type: "string" },
  });
  const origins = flags.origin ?? [];
  if (!flags.name || origins.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const parsed = ZCreateSiteSchema.safeParse({
    name: flags.name,
    allowedOrigins: origins,
    startUrl: flags["start-url"] ?? `${normaliseOrigin(origins[0]!) ?? origins[0]}/`,
    privacyPreset: flags.preset ?? "strict",
  });
  if (!parsed.success) {
    console.error(`✗ ${formatZodError(parsed.error)}\n${USAGE}`);
    return 2;
  }
  try {
    const site = await createSite(parsed.data, { type: "system", label: "cli" });
    console.log(`✓ Site "${site.name}" (${site.privacyPreset}). Put this on every page of ${site.allowedOrigins.join(", ")}:`);
    console.log(siteSnippet(site.siteKey));
    return 0;
  } catch (error) {
    if (error instanceof AppError || error instanceof ZodError) {
      console.error(`✗ ${error.message}`);
      return 2;
    }
    throw error;
  }
}
