import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx } from "../db";
import { AppError } from "../errors";
import type { TUpdateEndpoint } from "./endpoint-input";
import { serializeEndpoint } from "./serialize-endpoint";

/** The audit entry names the URL's origin only: receivers often carry a token in the path. Disabling keeps the pending deliveries: they resume when it is enabled again within their window. */
export async function updateEndpoint({ id, input, actor }: { id: string; input: TUpdateEndpoint; actor: TActor }) {
  return writeTx(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw new AppError("not_found", "No such endpoint.");
    const { eventTypes, ...rest } = input;
    const updated = await tx.webhookEndpoint.update({
      where: { id },
      data: { ...rest, ...(eventTypes ? { eventTypes: JSON.stringify(eventTypes) } : {}) },
    });
    const changes = { ...input, ...(input.url ? { url: new URL(input.url).origin } : {}) };
    await appendAudit(tx, { actor, action: "webhook_endpoint.updated", details: { endpointId: id, changes } });
    return serializeEndpoint(updated);
  });
}
