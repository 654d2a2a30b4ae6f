import "server-only";
import { z } from "zod";
import { helpdeskClients } from "./providers";
import type { THelpdeskProvider } from "./providers/types";

export type TConnectionForm = { provider: THelpdeskProvider; label: string; fields: { name: string; optional: boolean; secret: boolean }[] };

const SECRET_FIELD = /token|secret|password|key/i;

/** The fields each provider's configuration takes, read off its schema, for the connect form. */
export function connectionForms(): TConnectionForm[] {
  return Object.values(helpdeskClients).flatMap((client) => {
    if (!client || !(client.configSchema instanceof z.ZodObject)) return [];
    const shape = client.configSchema.shape as Record<string, z.ZodType>;
    const fields = Object.entries(shape).map(([name, schema]) => ({ name, optional: schema.safeParse(undefined).success, secret: SECRET_FIELD.test(name) }));
    return [{ provider: client.provider, label: client.label, fields }];
  });
}
