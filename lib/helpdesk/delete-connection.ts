import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx } from "../db";
import { AppError } from "../errors";

/** Disconnecting deletes the encrypted configuration and the connection's deliveries, pending notes included. */
export async function deleteConnection({ id, actor }: { id: string; actor: TActor }) {
  await writeTx(async (tx) => {
    const connection = await tx.helpdeskConnection.findUnique({ where: { id }, select: { provider: true } });
    if (!connection) throw new AppError("not_found", "No such helpdesk connection.");
    await tx.helpdeskConnection.delete({ where: { id } });
    await appendAudit(tx, { actor, action: "helpdesk_connection.deleted", details: { connectionId: id, provider: connection.provider } });
  });
}
