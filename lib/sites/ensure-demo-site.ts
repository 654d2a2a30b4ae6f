import "server-only";
import { nanoid } from "nanoid";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { env } from "../env";

export async function ensureDemoSite() {
  const existing = await db.site.findFirst({ where: { isDemo: true } });
  if (existing) return existing;
  const { baseUrl } = env();
  return db.$transaction(async (tx) => {
    const site = await tx.site.create({
      data: {
        name: "Demo shop",
        siteKey: `site_${nanoid(16)}`,
        allowedOrigins: JSON.stringify([new URL(baseUrl).origin]),
        startUrl: `${baseUrl}/demo`,
        privacyPreset: "strict",
        isDemo: true,
      },
    });
    await appendAudit(tx, { actor: { type: "system", label: "first start" }, action: "site.created", details: { siteId: site.id, name: site.name } });
    return site;
  });
}
