import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { freshdesk } from "./freshdesk";
import { generic } from "./generic";
import { github } from "./github";
import { helpscout } from "./helpscout";
import { intercom } from "./intercom";
import { jira } from "./jira";
import type { TParsedDelivery, TWebhookProvider } from "./types";
import { zendesk } from "./zendesk";

// Names every plain object inherits: a lookup table indexed by input must not find them.
const INHERITED = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

const OPEN_UNLESS_DONE = new Set(["intercom ticket state", "jira category"]);

type TCase = [string, (name: string) => TParsedDelivery];

const parseWith = (provider: TWebhookProvider, headers: Headers, body: object) => provider.parse({ headers, body });

const CASES: TCase[] = [
  ["freshdesk event", (name) => parseWith(freshdesk, new Headers(), { event: name, ticket_id: 1 })],
  ["freshdesk status", (name) => parseWith(freshdesk, new Headers(), { ticket_id: 1, status: name })],
  ["freshdesk classic status", (name) => parseWith(freshdesk, new Headers(), { freshdesk_webhook: { ticket_id: "1", ticket_status: name } })],
  ["freshdesk classic triggered", (name) => parseWith(freshdesk, new Headers(), { freshdesk_webhook: { ticket_id: "1", triggered_event: `{status:{from:2,to:${name}}}` } })],
  ["generic type", (name) => parseWith(generic, new Headers({ "webhook-id": "m1" }), { type: name, data: { ticketId: "G-1" } })],
  ["github action", (name) => parseWith(github, new Headers({ "x-github-event": "issues" }), { action: name, issue: { number: 1 }, repository: { full_name: "a/b" } })],
  ["github event", (name) => parseWith(github, new Headers({ "x-github-event": name }), { action: name, issue: { number: 1 }, repository: { full_name: "a/b" } })],
  ["helpscout status", (name) => parseWith(helpscout, new Headers({ "x-helpscout-event": "convo.status" }), { id: 1, status: name })],
  ["helpscout event", (name) => parseWith(helpscout, new Headers({ "x-helpscout-event": name }), { id: 1, status: name })],
  ["intercom topic", (name) => parseWith(intercom, new Headers(), { id: "notif_1", topic: name, data: { item: { id: "1" } } })],
  ["intercom ticket state", (name) => parseWith(intercom, new Headers(), { id: "notif_1", topic: "ticket.state.updated", data: { item: { id: "1", ticket_state: name } } })],
  ["jira event", (name) => parseWith(jira, new Headers(), { webhookEvent: name, issue: { key: "SUP-1" } })],
  ["jira category", (name) => parseWith(jira, new Headers(), { webhookEvent: "jira:issue_updated", issue: { key: "SUP-1", fields: { status: { name, statusCategory: { key: name } } } }, changelog: { items: [{ field: "status", to: name }] } })],
  ["zendesk event type", (name) => parseWith(zendesk, new Headers(), { type: `zen:event-type:${name}`, id: "e1", subject: "zen:ticket:1" })],
  ["zendesk status", (name) => parseWith(zendesk, new Headers(), { type: "zen:event-type:ticket.status_changed", id: "e1", subject: "zen:ticket:1", event: { current: name } })],
  ["zendesk trigger", (name) => parseWith(zendesk, new Headers(), { event: name, ticket_id: 1, status: name })],
];

describe.each(CASES)("%s: inherited property names", (_label, parse) => {
  it.each(INHERITED)("%s is an unknown name, not a crash", (name) => {
    let parsed: TParsedDelivery | undefined;
    try {
      parsed = parse(name);
    } catch (error) {
      // A clean refusal of a malformed payload is fine; a TypeError from a lookup table is not.
      expect(error).toBeInstanceOf(AppError);
      return;
    }
    // An inherited name is not one of the provider's names. Intercom's ticket state and Jira's
    // status category are not looked up: anything but "resolved"/"done" means open again.
    if (OPEN_UNLESS_DONE.has(_label)) expect(parsed.event?.kind).toBe("reopened");
    else expect(parsed.event?.kind ?? null).toBeNull();
  });
});
