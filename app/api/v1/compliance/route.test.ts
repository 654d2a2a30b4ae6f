import { beforeAll, describe, expect, it } from "vitest";
import type { ConsentDecision } from "@/lib/db/models";
import { onPostgres } from "@/tests/support/postgres-test-db";
import { db } from "@/lib/db";
import { seedTicketWithRecording } from "@/tests/fixtures/retention";
import { resolveTicket } from "@/lib/tickets/resolve-ticket";
import { setWebhookSecret } from "@/lib/webhooks/set-webhook-secret";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { GET } from "./route";

let keys: Awaited<ReturnType<typeof seedActors>>;
let marker: string;

beforeAll(async () => {
  keys = await seedActors();
  const a = await seedTicketWithRecording();
  const b = await seedTicketWithRecording();
  marker = a.marker;
  const consent = (linkId: string, decision: ConsentDecision) =>
    db.consent.create({ data: { linkId, decision, noticeVersion: 1, noticeHash: "h", language: "en" } });
  await consent(a.link.id, "accepted");
  await consent(b.link.id, "accepted");
  await consent(b.link.id, "withdrawn");
  const declined = await seedTicketWithRecording({ linkStatus: "declined" });
  await consent(declined.link.id, "declined");
  await resolveTicket({ ticketId: a.ticket.id, actor: { type: "system" } });
  await setWebhookSecret({ providerId: "zendesk", input: { secret: "zendesk-secret-value" }, actor: { type: "system" } });
});

describe("GET /api/v1/compliance", () => {
  it("reports configuration and the period's counts, with no content or secrets", async () => {
    const res = await call(GET, { path: "/api/v1/compliance", key: keys.agentKey });
    expect(res.status).toBe(200);
    const r = res.json;
    expect(r.activity).toMatchObject({ linksCreated: 3, consentsGiven: 2, declines: 1, withdrawals: 1, recordingsStarted: 3, recordingsPurged: 1, purgesByReason: { ticket_resolved: 1 }, ticketsResolved: 1 });
    expect(r.retention).toMatchObject({ retentionHours: 720, graceMinutes: 0 });
    expect(r.sites[0]).toMatchObject({ name: "Demo shop", privacyPreset: "strict", effectiveConfig: { preset: "strict", maskAllText: true } });
    expect(r.notices[0]).toMatchObject({ version: 1 });
    expect(r.notices[0].languages.map((l: any) => l.language).sort()).toEqual(["en", "fr"]);
    expect(r.access.admins.map((u: any) => u.email)).toContain(keys.admin.email);
    expect(r.access.rule).toMatch(/requested/);
    expect(r.integrations.find((i: any) => i.provider === "zendesk")).toMatchObject({ configured: true, secretSource: "console" });
    expect(r.security).toMatchObject({ secureDelete: true, auditChain: { intact: true } });
    // Which guarantee makes a purge final, for the database in use.
    expect(r.security.deletion).toMatchObject(
      onPostgres() ? { database: "postgresql", mechanism: "crypto_shredding" } : { database: "sqlite", mechanism: "secure_delete" },
    );
    expect(r.security.deletion.detail).toMatch(onPostgres() ? /dead tuples may stay on disk until VACUUM/ : /freed pages are zeroed/);
    const text = JSON.stringify(r);
    expect(text).not.toContain(marker);
    expect(text).not.toContain("zendesk-secret-value");
  });

  it("counts only what happened in the period", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await call(GET, { path: `/api/v1/compliance?from=${future}`, key: keys.agentKey });
    expect(res.json.activity).toMatchObject({ linksCreated: 0, consentsGiven: 0, recordingsPurged: 0 });
    expect(res.json.period.from).toBe(`${future}T00:00:00.000Z`);
  });

  it("refuses a bad period with 422 and anonymous callers with 401", async () => {
    for (const q of ["from=2025-02-01&to=2025-01-01", "from=soon", "foo=bar", "to=0000-01-01", "from=%2B010000-01-01"]) {
      const res = await call(GET, { path: `/api/v1/compliance?${q}`, key: keys.agentKey });
      expect(res.status, q).toBe(422);
    }
    expect((await call(GET, { path: "/api/v1/compliance" })).status).toBe(401);
  });
});
