import "server-only";
import { randomBytes } from "node:crypto";
import { decrypt, encrypt } from "../crypto";
import { getMasterKey } from "../env";

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

function aad(endpointId: string) {
  return `webhook-endpoint:${endpointId}`;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of the key bytes. */
export function newEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

export function sealEndpointSecret(endpointId: string, secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(getMasterKey(), Buffer.from(secret, "utf8"), aad(endpointId)));
}

/** The HMAC key: the secret's base64 part, decoded. */
export function openEndpointKey(endpointId: string, sealed: Uint8Array): Buffer {
  const secret = decrypt(getMasterKey(), sealed, aad(endpointId)).toString("utf8");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}
