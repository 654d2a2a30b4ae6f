import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { encrypt, newToken } from "../crypto";
import { db } from "../db";
import { getMasterKey } from "../env";
import { AppError } from "../errors";
import { integrationSecretAad } from "./get-webhook-secret";
import { findWebhookProvider } from "./providers";

export const MAX_SECRET_LENGTH = 500;

export const ZSetWebhookSecretSchema = z.union([
  z.strictObject({ secret: z.string().trim().min(8, "must be at least 8 characters").max(MAX_SECRET_LENGTH) }),
  z.strictObject({ generate: z.literal(true) }),
]);
export type TSetWebhookSecret = z.infer<typeof ZSetWebhookSecretSchema>;

/** Saves a provider's secret, encrypted with the master key; a generated one is returned once. */
export async function setWebhookSecret({ providerId, input, actor }: { providerId: string; input: TSetWebhookSecret; actor: TActor }) {
  const provider = findWebhookProvider(providerId);
  if (!provider) throw new AppError("not_found", "No such integration.");
  const policy = provider.secret ?? {};
  let secret: string;
  if ("generate" in input) {
    secret = policy.generate?.() ?? newToken();
  } else {
    secret = input.secret;
    const tooLong = policy.maxLength !== undefined && secret.length > policy.maxLength;
    const problem = tooLong ? `secret: ${provider.label} secrets are at most ${policy.maxLength} characters` : policy.check?.(secret);
    if (problem) throw new AppError("unprocessable_entity", problem);
  }
  const secretEncrypted = new Uint8Array(encrypt(getMasterKey(), Buffer.from(secret, "utf8"), integrationSecretAad(provider.id)));
  await db.$transaction(async (tx) => {
    await tx.integrationSecret.upsert({
      where: { provider: provider.id },
      create: { provider: provider.id, secretEncrypted },
      update: { secretEncrypted },
    });
    await appendAudit(tx, { actor, action: "integration.secret_set", details: { provider: provider.id, generated: "generate" in input } });
  });
  return { generatedSecret: "generate" in input ? secret : undefined };
}
