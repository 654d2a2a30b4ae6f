import "server-only";
import { db } from "../db";
import { env } from "../env";
import { webhookSecretEnvName } from "./get-webhook-secret";
import { webhookProviders } from "./providers";
import { MAX_SECRET_LENGTH } from "./set-webhook-secret";

export type TIntegration = {
  provider: string;
  label: string;
  url: string;
  configured: boolean;
  /** Where the secret comes from; the environment wins over the console. */
  secretSource: "env" | "console" | null;
  envName: string;
  signature: string;
  setup: string;
  offerGenerate: boolean;
  maxSecretLength: number;
  /** Deliveries refused before authentication over the last week: counted, never stored one by one. */
  refusals: Array<{ reason: string; count: number; lastAt: string }>;
  deliveries: Array<{ id: string; receivedAt: string; eventType: string | null; ticketRef: string | null; result: string; statusCode: number; message: string | null }>;
};

const REFUSALS_DAYS = 7;

/** Every helpdesk integration with its URL, whether it has a secret (never the secret) and its last deliveries. */
export async function listIntegrations(opts: { deliveries?: number } = {}): Promise<TIntegration[]> {
  const saved = new Set((await db.integrationSecret.findMany({ select: { provider: true } })).map((s) => s.provider));
  const take = opts.deliveries ?? 10;
  return Promise.all(
    webhookProviders.map(async ({ id: provider, label, signature, setup, secret }) => {
      const envName = webhookSecretEnvName(provider);
      const secretSource = process.env[envName]?.trim() ? "env" : saved.has(provider) ? "console" : null;
      const deliveries = take
        ? await db.webhookDelivery.findMany({ where: { provider }, orderBy: { receivedAt: "desc" }, take })
        : [];
      const since = new Date(Date.now() - REFUSALS_DAYS * 86_400_000);
      const refused = await db.webhookRefusal.groupBy({
        by: ["reason"],
        where: { provider, hour: { gte: since } },
        _sum: { count: true },
        _max: { lastAt: true },
      });
      return {
        provider,
        refusals: refused.map((r) => ({ reason: r.reason, count: r._sum.count ?? 0, lastAt: (r._max.lastAt ?? since).toISOString() })),
        label,
        signature,
        setup,
        offerGenerate: secret?.offerGenerate ?? false,
        maxSecretLength: secret?.maxLength ?? MAX_SECRET_LENGTH,
        url: `${env().baseUrl}/api/webhooks/${provider}`,
        configured: secretSource !== null,
        secretSource,
        envName,
        deliveries: deliveries.map((d) => ({
          id: d.id,
          receivedAt: d.receivedAt.toISOString(),
          eventType: d.eventType,
          ticketRef: d.ticketRef,
          result: d.result,
          statusCode: d.statusCode,
          message: d.message,
        })),
      } satisfies TIntegration;
    }),
  );
}
