import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { encrypt, newToken } from "../crypto";
import { db } from "../db";
import { getMasterKey } from "../env";
import { AppError } from "../errors";
import { integrationSecretAad } from "./get-webhook-secret";
import type { TWebhookProvider } from "./providers";

export const ZSetWebhookSecretSchema = z.union([
  z.strictObject({ secret: z.string().trim().min(8, "must be at least 8 characters").max(500) }),
  z.strictObject({ generate: z.literal(true) }),
]);
export type TSetWebhookSecret = z.infer<typeof ZSetWebhookSecretSchema>;

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * Saves a provider's secret, encrypted with the master key. `generate` makes one for the
 * senders where Glimpse chooses it; it is returned once.
 */
export async function setWebhookSecret(provider: TWebhookProvider, input: TSetWebhookSecret, actor: TActor) {
  let secret: string;
  if ("generate" in input) {
    secret = provider === "generic" ? `whsec_${randomBytes(32).toString("base64")}` : newToken();
  } else {
    secret = input.secret;
    if (provider === "generic") {
      const bytes = WHSEC.test(secret) ? Buffer.from(secret.slice(6), "base64").length : 0;
      if (bytes < 24 || bytes > 64) throw new AppError("unprocessable_entity", "secret: must be whsec_ followed by 24 to 64 base64-encoded bytes");
    }
    if (provider === "helpscout" && secret.length > 40) {
      throw new AppError("unprocessable_entity", "secret: Help Scout secrets are at most 40 characters");
    }
  }
  const secretEncrypted = new Uint8Array(encrypt(getMasterKey(), Buffer.from(secret, "utf8"), integrationSecretAad(provider)));
  await db.$transaction(async (tx) => {
    await tx.integrationSecret.upsert({
      where: { provider },
      create: { provider, secretEncrypted },
      update: { secretEncrypted },
    });
    await appendAudit(tx, { actor, action: "integration.secret_set", details: { provider, generated: "generate" in input } });
  });
  return { generatedSecret: "generate" in input ? secret : undefined };
}
