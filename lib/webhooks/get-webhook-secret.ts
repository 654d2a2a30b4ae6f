import { decrypt } from "../crypto";
import { db } from "../db";
import { getMasterKey } from "../env";
import type { TWebhookProvider } from "./providers";

export type TSecretSource = "env" | "console";

export function webhookSecretEnvName(provider: TWebhookProvider) {
  return `GLIMPSE_WEBHOOK_SECRET_${provider.toUpperCase()}`;
}

export function integrationSecretAad(provider: TWebhookProvider) {
  return `integration:${provider}`;
}

/** The environment variable wins over a secret saved in the console. */
export async function getWebhookSecret(provider: TWebhookProvider): Promise<{ secret: string; source: TSecretSource } | null> {
  const fromEnv = process.env[webhookSecretEnvName(provider)]?.trim();
  if (fromEnv) return { secret: fromEnv, source: "env" };
  const row = await db.integrationSecret.findUnique({ where: { provider }, omit: { secretEncrypted: false } });
  if (!row) return null;
  const secret = decrypt(getMasterKey(), row.secretEncrypted, integrationSecretAad(provider)).toString("utf8");
  return { secret, source: "console" };
}
