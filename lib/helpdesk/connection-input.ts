import "server-only";
import { z } from "zod";
import { AppError, formatZodError } from "../errors";
import { helpdeskClient, helpdeskClients } from "./providers";
import type { THelpdeskProvider } from "./providers/types";

export const HELPDESK_PROVIDERS = ["zendesk", "freshdesk", "helpscout", "intercom", "jira", "github"] as const satisfies readonly THelpdeskProvider[];

const ZSiteId = z.string().min(1).max(64).nullable();

const ZProvider = z
  .enum(HELPDESK_PROVIDERS)
  .refine((p) => Object.hasOwn(helpdeskClients, p), "this Glimpse version cannot write notes into that helpdesk yet");

export const ZCreateConnectionSchema = z.strictObject({
  provider: ZProvider,
  config: z.record(z.string(), z.unknown()),
  siteId: ZSiteId.default(null),
});
export type TCreateConnection = z.infer<typeof ZCreateConnectionSchema>;

export const ZUpdateConnectionSchema = z
  .strictObject({ config: z.record(z.string(), z.unknown()), siteId: ZSiteId, enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one of config, siteId, enabled");
export type TUpdateConnection = z.infer<typeof ZUpdateConnectionSchema>;

/** Checked with the provider's own schema; the message names the field, never its value. */
export function parseProviderConfig(provider: THelpdeskProvider, config: unknown): unknown {
  const parsed = helpdeskClient(provider).configSchema.safeParse(config);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ ...i, path: ["config", ...i.path] }));
    throw new AppError("unprocessable_entity", formatZodError(new z.ZodError(fields)));
  }
  return parsed.data;
}
