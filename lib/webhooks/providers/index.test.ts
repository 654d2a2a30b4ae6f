import { describe, expect, it } from "vitest";
import { findWebhookProvider, webhookProviders } from ".";

describe("the webhook provider registry", () => {
  it("finds every provider by its id, in the order the console lists them", () => {
    expect(webhookProviders.map((p) => p.id)).toEqual(["zendesk", "intercom", "freshdesk", "helpscout", "jira", "github", "generic"]);
    for (const p of webhookProviders) expect(findWebhookProvider(p.id)).toBe(p);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "", "Zendesk", "hubspot"])("%s is an unknown provider", (id) => {
    expect(findWebhookProvider(id)).toBeUndefined();
  });

  it("gives every provider a URL-safe id and the text the console shows", () => {
    for (const p of webhookProviders) {
      expect(p.id).toMatch(/^[a-z0-9]+$/);
      expect(p.label && p.signature && p.setup, p.id).toBeTruthy();
    }
  });
});
