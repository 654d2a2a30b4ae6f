import { nanoid } from "nanoid";
import { parseFlags } from "../args";
import { appendAudit } from "@/lib/audit/append-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { normaliseOrigin } from "@/lib/sites/site-origins";

export async function siteAddCommand(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    name: { type: "string" },
    origin: { type: "string", multiple: true },
    "start-url": { type: "string" },
    preset: { type: "string" },
  });
  const origins = (flags.origin ?? []).map(normaliseOrigin);
  if (!flags.name || origins.length === 0 || origins.some((o) => o === null)) {
    console.error("Usage: npx glimpse site add --name N --origin https://shop.example [--origin …] [--start-url URL] [--preset strict|balanced]");
    return 2;
  }
  const startUrl = flags["start-url"] ?? `${origins[0]}/`;
  if (!origins.includes(normaliseOrigin(startUrl))) {
    console.error("✗ --start-url must be on one of the site's origins.");
    return 2;
  }
  const preset = flags.preset === "balanced" ? "balanced" : "strict";
  const site = await db.$transaction(async (tx) => {
    const created = await tx.site.create({
      data: { name: flags.name!, siteKey: `site_${nanoid(16)}`, allowedOrigins: JSON.stringify(origins), startUrl, privacyPreset: preset },
    });
    await appendAudit(tx, { actor: { type: "system", label: "cli" }, action: "site.created", details: { siteId: created.id, name: created.name } });
    return created;
  });
  console.log(`✓ Site "${site.name}" (${preset}). Put this on every page of ${origins.join(", ")}:`);
  console.log(`<script async src="${env().baseUrl}/g.js" data-site="${site.siteKey}"></script>`);
  return 0;
}
