import "server-only";
import { env } from "../env";
import { parseOrigins } from "./site-origins";

type TSiteRow = {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string;
  startUrl: string;
  privacyPreset: string;
  maskSelectors: string;
  blockSelectors: string;
  unmaskSelectors: string;
  isDemo: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function siteSnippet(siteKey: string) {
  return `<script async src="${env().baseUrl}/g.js" data-site="${siteKey}"></script>`;
}

export function serializeSite(s: TSiteRow) {
  return {
    id: s.id,
    name: s.name,
    siteKey: s.siteKey,
    allowedOrigins: parseOrigins(s.allowedOrigins),
    startUrl: s.startUrl,
    privacyPreset: s.privacyPreset as "strict" | "balanced",
    maskSelectors: s.maskSelectors,
    blockSelectors: s.blockSelectors,
    unmaskSelectors: s.unmaskSelectors,
    isDemo: s.isDemo,
    snippet: siteSnippet(s.siteKey),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export type TSiteView = ReturnType<typeof serializeSite>;
