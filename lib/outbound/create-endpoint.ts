import "server-only";
import { customAlphabet } from "nanoid";
import { appendAudit, type TActor } from "../audit/append-audit";
import { writeTx } from "../db";
import { newEndpointSecret, sealEndpointSecret } from "./endpoint-secret";
import type { TCreateEndpoint } from "./endpoint-input";
import { serializeEndpoint } from "./serialize-endpoint";

// The id is chosen before the row exists because the sealed secret is bound to it.
const newEndpointId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 24);

/** The secret is returned here once and stored only encrypted with the master key. */
export async function createEndpoint({ input, actor }: { input: TCreateEndpoint; actor: TActor }) {
  const id = `ep_${newEndpointId()}`;
  const secret = newEndpointSecret();
  const endpoint = await writeTx(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { id, url: input.url, description: input.description, eventTypes: JSON.stringify(input.eventTypes), secretEncrypted: sealEndpointSecret(id, secret) },
    });
    const details = { endpointId: id, origin: new URL(input.url).origin, eventTypes: input.eventTypes };
    await appendAudit(tx, { actor, action: "webhook_endpoint.created", details });
    await appendAudit(tx, { actor, action: "webhook_endpoint.secret_shown", details: { endpointId: id } });
    return created;
  });
  return { endpoint: serializeEndpoint(endpoint), secret };
}
