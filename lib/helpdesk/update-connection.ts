import "server-only";
import type { Prisma } from "../db/models";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx } from "../db";
import { AppError } from "../errors";
import { parseProviderConfig, type TUpdateConnection } from "./connection-input";
import { sealConnectionConfig } from "./connection-secrets";
import { checkSite } from "./create-connection";
import { helpdeskClient } from "./providers";
import type { THelpdeskProvider } from "./providers/types";
import { serializeConnection } from "./serialize-connection";

/** A new configuration replaces the old one whole; the audit entry says that it changed, not what it is. */
export async function updateConnection({ id, input, actor }: { id: string; input: TUpdateConnection; actor: TActor }) {
  return writeTx(async (tx) => {
    const before = await tx.helpdeskConnection.findUnique({ where: { id } });
    if (!before) throw new AppError("not_found", "No such helpdesk connection.");
    const provider = before.provider as THelpdeskProvider;
    const data: Prisma.HelpdeskConnectionUpdateInput = {};
    if (input.config) {
      const config = parseProviderConfig(provider, input.config);
      data.configEncrypted = sealConnectionConfig(id, config);
      data.summary = helpdeskClient(provider).describeConfig(config as never);
    }
    if (input.siteId !== undefined) {
      await checkSite(tx, input.siteId);
      data.siteId = input.siteId;
    }
    if (input.enabled !== undefined) data.enabled = input.enabled;
    const updated = await tx.helpdeskConnection.update({ where: { id }, data });
    const changes = { config: input.config ? "replaced" : undefined, siteId: input.siteId, enabled: input.enabled };
    await appendAudit(tx, { actor, action: "helpdesk_connection.updated", details: { connectionId: id, provider, changes } });
    return serializeConnection(updated);
  });
}
