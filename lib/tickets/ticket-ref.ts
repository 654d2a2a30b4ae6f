import "server-only";
/** How a ticket is named in the audit log and the console: `source:externalId`. */
export function ticketRef(t: { source: string; externalId: string }) {
  return `${t.source}:${t.externalId}`;
}
