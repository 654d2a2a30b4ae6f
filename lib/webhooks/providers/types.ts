import "server-only";
import type { TTicketEvent } from "../../tickets/apply-ticket-event";

export type TParsedDelivery = {
  eventType: string;
  /** The helpdesk's delivery or event id, stable across retries, when it has one. */
  deliveryId: string | null;
  /** null when the event type is not one Glimpse acts on. */
  event: TTicketEvent | null;
};

/** Everything Glimpse knows about one helpdesk: adding a helpdesk is one module of this type. */
export type TWebhookProvider = {
  id: string;
  // label, signature (how deliveries are signed) and setup are the console's text.
  label: string;
  signature: string;
  setup: string;
  /** The delivery-id header is not covered by the signature, so a captured body could be resent under a new id: the body is the delivery. */
  unsignedDeliveryId?: boolean;
  secret?: {
    /** The admin types the secret into the helpdesk, so the console offers to generate one. */
    offerGenerate?: boolean;
    maxLength?: number;
    generate?: () => string;
    check?: (secret: string) => string | null;
  };
  /** Checks the raw bytes; returns why they are not authentic (a fixed string, never from the request), or null. */
  verify(input: { headers: Headers; raw: Buffer; secret: string; now: Date }): string | null;
  parse(input: { headers: Headers; body: object }): TParsedDelivery;
};
