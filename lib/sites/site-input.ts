import "server-only";
import { z } from "zod";
import { parseSimpleSelectors } from "../privacy/simple-selectors";
import { normaliseOrigin } from "./site-origins";

const ZOrigin = z
  .string()
  .trim()
  .max(300)
  .transform((v, ctx) => {
    const origin = normaliseOrigin(v);
    if (!origin) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not an http(s) origin` });
      return z.NEVER;
    }
    return origin;
  });

const ZSelectors = z
  .string()
  .max(2000)
  .refine((v) => !/[<>{}]/.test(v), "must be CSS selectors separated by commas");

// The server checks again that visible text is inside these, on the recorded tree without a browser: so only selectors it can match there.
const ZUnmaskSelectors = ZSelectors.superRefine((v, ctx) => {
  const bad = v.split(",").find((s) => s.trim() && !parseSimpleSelectors(s)[0]);
  if (bad !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"${bad.trim()}" is not supported: use a tag, .class, #id, [attribute] or [attribute=value], or several joined (button.primary), separated by commas`,
    });
  }
});

const siteFields = {
  name: z.string().trim().min(1).max(120),
  allowedOrigins: z.array(ZOrigin).min(1, "add at least one origin").max(20),
  startUrl: z.url({ protocol: /^https?$/ }).max(2000),
  privacyPreset: z.enum(["strict", "balanced"]),
  maskSelectors: ZSelectors,
  blockSelectors: ZSelectors,
  unmaskSelectors: ZUnmaskSelectors,
};

export const ZCreateSiteSchema = z.strictObject({
  ...siteFields,
  privacyPreset: siteFields.privacyPreset.default("strict"),
  maskSelectors: siteFields.maskSelectors.default(""),
  blockSelectors: siteFields.blockSelectors.default(""),
  unmaskSelectors: siteFields.unmaskSelectors.default(""),
});
export type TCreateSite = z.infer<typeof ZCreateSiteSchema>;

export const ZUpdateSiteSchema = z.strictObject(siteFields).partial();
export type TUpdateSite = z.infer<typeof ZUpdateSiteSchema>;

/** Neither the start URL nor an origin may carry user:pass@: the customer's browser would send them and show them in the address bar. */
export function startUrlProblem(startUrl: string, origins: string[]): string | null {
  const bad = origins.find((o) => normaliseOrigin(o) !== o);
  if (bad !== undefined) return `allowedOrigins: "${bad}" is not an http(s) origin without credentials`;
  const url = new URL(startUrl);
  if (url.username || url.password) return "startUrl: must not contain a user name or password";
  return origins.includes(url.origin) ? null : `startUrl: must be on one of the allowed origins (${origins.join(", ")})`;
}
