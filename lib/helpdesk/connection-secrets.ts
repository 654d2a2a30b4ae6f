import "server-only";
import { decrypt, encrypt } from "../crypto";
import { getMasterKey } from "../env";

const configAad = (connectionId: string) => `helpdesk-connection:${connectionId}`;
const noteAad = (eventId: string, connectionId: string) => `helpdesk-note:${eventId}:${connectionId}`;

export function sealConnectionConfig(connectionId: string, config: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(getMasterKey(), Buffer.from(JSON.stringify(config), "utf8"), configAad(connectionId)));
}

export function openConnectionConfig(connectionId: string, sealed: Uint8Array): unknown {
  return JSON.parse(decrypt(getMasterKey(), sealed, configAad(connectionId)).toString("utf8"));
}

/** A note's text in the outbox, bound to its event and connection. */
export function sealNote(eventId: string, connectionId: string, text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(getMasterKey(), Buffer.from(text, "utf8"), noteAad(eventId, connectionId)));
}

export function openNote(eventId: string, connectionId: string, sealed: Uint8Array): string {
  return decrypt(getMasterKey(), sealed, noteAad(eventId, connectionId)).toString("utf8");
}
