import "server-only";
import { decrypt } from "../crypto";
import { db } from "../db";
import { getMasterKey } from "../env";

export type TSecretSource = "env" | "console";

export function webhookSecretEnvName(providerId: string) {
  return `GLIMPSE_WEBHOOK_SECRET_${providerId.toUpperCase()}`;
}

export function integrationSecretAad(providerId: string) {
  return `integration:${providerId}`;
}

/** The environment variable wins over a secret saved in the console. */
export async function getWebhookSecret(providerId: string): Promise<{ secret: string; source: TSecretSource } | null> {
  const fromEnv = process.env[webhookSecretEnvName(providerId)]?.trim();
  if (fromEnv) return { secret: fromEnv, source: "env" };
  const row = await db.integrationSecret.findUnique({ where: { provider: providerId }, omit: { secretEncrypted: false } });
  if (!row) return null;
  const secret = decrypt(getMasterKey(), row.secretEncrypted, integrationSecretAad(providerId)).toString("utf8");
  return { secret, source: "console" };
}
