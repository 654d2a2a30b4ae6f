import "server-only";
import { createHmac } from "node:crypto";

/** The three Standard Webhooks headers: the signature covers `<id>.<timestamp>.<body>`, the timestamp being this attempt's. */
export function signEvent({ key, id, body, at }: { key: Uint8Array; id: string; body: string; at: Date }) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
