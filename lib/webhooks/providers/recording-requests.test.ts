import { describe, expect, it } from "vitest";
import { generic } from "./generic";
import { github } from "./github";
import { jira } from "./jira";
import { zendesk } from "./zendesk";

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe("a recording requested from the helpdesk", () => {
  it("Zendesk: the glimpse-record tag added (tags_added, or current without previous), or a trigger named for it", () => {
    const base = { type: "zen:event-type:ticket.tags_changed", id: "e1", subject: "zen:ticket:42", detail: { id: "42" } };
    expect(zendesk.parse({ headers: headers(), body: { ...base, event: { tags_added: ["vip", "glimpse-record"], tags_removed: [] } } }).event).toMatchObject({
      kind: "recording_requested",
      source: "zendesk",
      externalId: "42",
    });
    expect(zendesk.parse({ headers: headers(), body: { ...base, event: { current: ["glimpse-record"], previous: [] } } }).event?.kind).toBe("recording_requested");
    // Another tag, a tag removed, or a tag that was already there: nothing to do.
    expect(zendesk.parse({ headers: headers(), body: { ...base, event: { tags_added: ["vip"], tags_removed: ["glimpse-record"] } } }).event).toBeNull();
    expect(zendesk.parse({ headers: headers(), body: { ...base, event: { current: ["glimpse-record", "vip"], previous: ["glimpse-record"] } } }).event).toBeNull();
    expect(zendesk.parse({ headers: headers(), body: { event: "recording_requested", ticket_id: 42, locale: "fr-FR" } }).event).toMatchObject({ kind: "recording_requested", externalId: "42", locale: "fr-FR" });
    // A solved trigger stays a resolve.
    expect(zendesk.parse({ headers: headers(), body: { event: "ticket.solved", ticket_id: 42 } }).event?.kind).toBe("resolved");
  });

  it("GitHub: the glimpse-record label, and no other", () => {
    const body = (name: string) => ({ action: "labeled", label: { name }, issue: { number: 7, title: "Bug", state: "open" }, repository: { full_name: "acme/shop" } });
    expect(github.parse({ headers: headers({ "x-github-event": "issues" }), body: body("glimpse-record") }).event).toMatchObject({ kind: "recording_requested", externalId: "acme/shop#7" });
    expect(github.parse({ headers: headers({ "x-github-event": "issues" }), body: body("bug") }).event).toBeNull();
  });

  it("Jira: glimpse-record added to the labels, read from fromString and toString", () => {
    const body = (from: string | null, to: string | null) => ({
      webhookEvent: "jira:issue_updated",
      issue: { key: "SUP-9", fields: { summary: "Checkout" } },
      changelog: { items: [{ field: "labels", from: null, to: null, fromString: from, toString: to }] },
    });
    expect(jira.parse({ headers: headers(), body: body("vip", "vip glimpse-record") }).event).toMatchObject({ kind: "recording_requested", externalId: "SUP-9" });
    expect(jira.parse({ headers: headers(), body: body("glimpse-record", "glimpse-record vip") }).event).toBeNull();
    expect(jira.parse({ headers: headers(), body: body("glimpse-record", "") }).event).toBeNull();
    // An item without the strings is not read off Object.prototype.
    const bare = { webhookEvent: "jira:issue_updated", issue: { key: "SUP-9" }, changelog: { items: [{ field: "labels" }] } };
    expect(jira.parse({ headers: headers(), body: bare }).event).toBeNull();
  });

  it("generic: ticket.recording_requested names the helpdesk and may give the locale", () => {
    const parsed = generic.parse({ headers: headers({ "webhook-id": "m1" }), body: { type: "ticket.recording_requested", data: { ticketId: "55", source: "helpscout", locale: "fr" } } });
    expect(parsed.event).toMatchObject({ kind: "recording_requested", source: "helpscout", externalId: "55", locale: "fr" });
  });
});
