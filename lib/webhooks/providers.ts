export const WEBHOOK_PROVIDERS = ["zendesk", "intercom", "freshdesk", "helpscout", "jira", "github", "generic"] as const;
export type TWebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export function isWebhookProvider(value: string): value is TWebhookProvider {
  return (WEBHOOK_PROVIDERS as readonly string[]).includes(value);
}

/** What the settings page tells an admin about each helpdesk. */
export const PROVIDER_INFO: Record<TWebhookProvider, { label: string; signature: string; setup: string }> = {
  zendesk: {
    label: "Zendesk",
    signature: "X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of timestamp + body, within 5 minutes",
    setup: "Admin Center › Webhooks: subscribe to ticket events (created, status changed, deleted, spam) or connect triggers, then paste the webhook's signing secret here.",
  },
  intercom: {
    label: "Intercom",
    signature: "X-Hub-Signature: sha1 HMAC of the body",
    setup: "Developer Hub › your app › Webhooks: subscribe to conversation and ticket topics; the secret is the app's client secret.",
  },
  freshdesk: {
    label: "Freshdesk",
    signature: "Freshdesk does not sign: it must send the secret in the X-Glimpse-Token header",
    setup: 'Automation rule › Trigger webhook: POST JSON {"event":"ticket.resolved","ticket_id":{{ticket.id}},"status":"{{ticket.status}}"} with a custom header X-Glimpse-Token set to this secret.',
  },
  helpscout: {
    label: "Help Scout",
    signature: "X-HelpScout-Signature: base64 HMAC-SHA1 of the body",
    setup: "Manage › Apps › Webhooks: choose convo.created, convo.status and convo.deleted, and a secret of at most 40 characters.",
  },
  jira: {
    label: "Jira",
    signature: "X-Hub-Signature: sha256 HMAC of the body",
    setup: "System › Webhooks: events issue created, updated and deleted, with a secret. Tickets are matched on the issue key (SUP-123).",
  },
  github: {
    label: "GitHub Issues",
    signature: "X-Hub-Signature-256: sha256 HMAC of the body",
    setup: "Repository › Settings › Webhooks: content type application/json, the Issues event, and this secret. Tickets are owner/repo#number.",
  },
  generic: {
    label: "Generic (Standard Webhooks)",
    signature: "webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256), within 5 minutes",
    setup: 'Send {"type":"ticket.resolved","data":{"ticketId":"…","source":"…"}} signed the Standard Webhooks way with a whsec_ secret. source defaults to "generic".',
  },
};
