import "server-only";
import { z } from "zod";
import { OUTBOUND_EVENT_TYPES } from "./event-types";

const ZEndpointUrl = z
  .url({ protocol: /^https?$/, message: "must be an http or https URL" })
  .max(2000)
  .refine((v) => {
    // zod runs this check on a value that already failed as a URL too.
    if (!URL.canParse(v)) return true;
    const url = new URL(v);
    return !url.username && !url.password;
  }, "must not contain a user name or password");

const ZEventTypes = z
  .array(z.enum(OUTBOUND_EVENT_TYPES))
  .min(1, "choose at least one event type")
  .transform((types) => OUTBOUND_EVENT_TYPES.filter((t) => types.includes(t)));

export const ZCreateEndpointSchema = z.strictObject({
  url: ZEndpointUrl,
  eventTypes: ZEventTypes,
  description: z.string().trim().max(200).default(""),
});
export type TCreateEndpoint = z.infer<typeof ZCreateEndpointSchema>;

export const ZUpdateEndpointSchema = z
  .strictObject({ url: ZEndpointUrl, eventTypes: ZEventTypes, description: z.string().trim().max(200), enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one of url, eventTypes, description, enabled");
export type TUpdateEndpoint = z.infer<typeof ZUpdateEndpointSchema>;
