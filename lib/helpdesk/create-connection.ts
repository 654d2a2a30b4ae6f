import "server-only";
import { customAlphabet } from "nanoid";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx, type Tx } from "../db";
import { AppError } from "../errors";
import { parseProviderConfig, type TCreateConnection } from "./connection-input";
import { sealConnectionConfig } from "./connection-secrets";
import { helpdeskClient } from "./providers";
import { serializeConnection } from "./serialize-connection";

// The id is chosen before the row exists because the sealed configuration is bound to it.
const newConnectionId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 24);

export async function checkSite(tx: Tx, siteId: string | null) {
  if (siteId && !(await tx.site.findUnique({ where: { id: siteId }, select: { id: true } }))) {
    throw new AppError("unprocessable_entity", "siteId: no such site");
  }
}

/** One connection per helpdesk; its configuration is stored only encrypted with the master key. */
export async function createConnection({ input, actor }: { input: TCreateConnection; actor: TActor }) {
  const config = parseProviderConfig(input.provider, input.config);
  const client = helpdeskClient(input.provider);
  const id = `hd_${newConnectionId()}`;
  const created = await writeTx(async (tx) => {
    if (await tx.helpdeskConnection.findUnique({ where: { provider: input.provider }, select: { id: true } })) {
      throw new AppError("conflict", `${client.label} is already connected: disconnect it first, or change its settings.`);
    }
    await checkSite(tx, input.siteId);
    const row = await tx.helpdeskConnection.create({
      data: { id, provider: input.provider, configEncrypted: sealConnectionConfig(id, config), summary: client.describeConfig(config as never), siteId: input.siteId },
    });
    await appendAudit(tx, { actor, action: "helpdesk_connection.created", details: { connectionId: id, provider: input.provider, siteId: input.siteId } });
    return row;
  });
  return serializeConnection(created);
}
