import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx } from "../db";
import { AppError } from "../errors";

/** Its deliveries go with it; the events stay for the other endpoints. */
export async function deleteEndpoint({ id, actor }: { id: string; actor: TActor }) {
  await writeTx(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) throw new AppError("not_found", "No such endpoint.");
    await tx.webhookEndpoint.delete({ where: { id } });
    await appendAudit(tx, { actor, action: "webhook_endpoint.deleted", details: { endpointId: id, origin: new URL(endpoint.url).origin } });
  });
}
