import "server-only";
import { z } from "zod";
import { ZPeriodFrom, ZPeriodTo } from "../audit/export-audit";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { sha256Hex } from "../crypto";
import { db, secureDeleteStatus } from "../db";
import { env } from "../env";
import { listNotices } from "../notice/list-notices";
import { buildPrivacyConfig } from "../privacy/privacy-config";
import { getSettings } from "../settings/get-settings";
import { parseOrigins } from "../sites/site-origins";
import { listIntegrations } from "../webhooks/list-integrations";

export const ZComplianceQuery = z
  .strictObject({ from: ZPeriodFrom.optional(), to: ZPeriodTo.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });
export type TComplianceQuery = z.infer<typeof ZComplianceQuery>;

const DEFAULT_PERIOD_DAYS = 30;

/** Fixed by design, so stated rather than configured. */
export const PURPOSES = [
  "Troubleshooting the customer's own support ticket, at the request of a support agent.",
  "Recording happens only after the customer's explicit consent for that one ticket, through a one-time link; nobody else is recorded.",
  "Recordings are deleted when the ticket is resolved or deleted, when the customer withdraws, and in any case at the retention cap.",
  "Recordings are not used for analytics, marketing, profiling or training.",
];

/** What a data-protection officer asks about, in one document: configuration and counts, never recording content. */
export async function buildComplianceReport(query: TComplianceQuery = {}) {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  const period = { gte: from, lte: to };

  const [settings, notices, sites, users, integrations, chain] = await Promise.all([
    getSettings(),
    listNotices(),
    db.site.findMany({ orderBy: { createdAt: "asc" } }),
    db.user.findMany({ where: { disabledAt: null }, orderBy: [{ role: "asc" }, { email: "asc" }], select: { name: true, email: true, role: true } }),
    listIntegrations({ deliveries: 1 }),
    verifyAuditChain(),
  ]);
  const secureDelete = await secureDeleteStatus(db);

  const [linksCreated, consents, recordingsStarted, receipts, ticketsResolved] = await Promise.all([
    db.link.count({ where: { createdAt: period } }),
    db.consent.groupBy({ by: ["decision"], where: { createdAt: period }, _count: { _all: true } }),
    db.recording.count({ where: { startedAt: period } }),
    db.auditEntry.findMany({ where: { action: "recording.purged", createdAt: period }, select: { details: true } }),
    db.auditEntry.count({ where: { action: { in: ["ticket.resolved", "ticket.deleted"] }, createdAt: period } }),
  ]);
  const decisions = Object.fromEntries(consents.map((c) => [c.decision, c._count._all]));
  const purgesByReason: Record<string, number> = {};
  let purgedBytes = 0;
  for (const r of receipts) {
    const details = safeJson(r.details);
    const reason = typeof details.reason === "string" ? details.reason : "unknown";
    purgesByReason[reason] = (purgesByReason[reason] ?? 0) + 1;
    purgedBytes += typeof details.bytes === "number" ? details.bytes : 0;
  }

  return {
    generatedAt: new Date().toISOString(),
    period: { from: from.toISOString(), to: to.toISOString() },
    operator: { name: settings.operatorName },
    purposes: PURPOSES,
    notices: notices.map((n) => ({
      version: n.version,
      publishedAt: n.createdAt,
      consents: n.consents,
      languages: Object.entries(n.bodies).map(([language, body]) => ({ language, sha256: sha256Hex(body ?? ""), body: body ?? "" })),
    })),
    sites: sites.map((s) => ({
      name: s.name,
      allowedOrigins: parseOrigins(s.allowedOrigins),
      startUrl: s.startUrl,
      privacyPreset: s.privacyPreset,
      maskSelectors: s.maskSelectors,
      blockSelectors: s.blockSelectors,
      unmaskSelectors: s.unmaskSelectors,
      isDemo: s.isDemo,
      effectiveConfig: buildPrivacyConfig(s),
    })),
    retention: {
      retentionHours: settings.retentionHours,
      graceMinutes: settings.graceMinutes,
      linkTtlMinutes: settings.linkTtlMinutes,
      maxDurationMinutes: settings.maxDurationMinutes,
      sweepEveryMinutes: 5,
    },
    security: {
      encryption: "AES-256-GCM with one random key per recording, wrapped with the master key; purging deletes chunks and key",
      secureDelete: secureDelete.enabled,
      // Which guarantee makes a purge final on the database in use.
      deletion: { database: env().databaseProvider, mechanism: secureDelete.mechanism, detail: secureDelete.detail },
      auditChain: chain.ok ? { intact: true, entries: chain.entries, headHash: chain.headHash } : { intact: false, brokenId: chain.brokenId, reason: chain.reason },
    },
    access: {
      allAgentsCanWatch: settings.allAgentsCanWatch,
      rule: settings.allAgentsCanWatch
        ? "Every agent and admin may watch every recording."
        : "The agent who requested the recording, the ticket's assignee, and admins.",
      admins: users.filter((u) => u.role === "admin").map(({ name, email }) => ({ name, email })),
      agents: users.filter((u) => u.role !== "admin").map(({ name, email }) => ({ name, email })),
      audited: "Every view, export and live watch is written to the audit log.",
    },
    integrations: integrations.map((i) => ({
      provider: i.provider,
      label: i.label,
      configured: i.configured,
      secretSource: i.secretSource,
      lastDeliveryAt: i.deliveries[0]?.receivedAt ?? null,
    })),
    activity: {
      linksCreated,
      consentsGiven: decisions.accepted ?? 0,
      declines: decisions.declined ?? 0,
      withdrawals: decisions.withdrawn ?? 0,
      recordingsStarted,
      recordingsPurged: receipts.length,
      purgedBytes,
      purgesByReason,
      ticketsResolved,
    },
  };
}

export type TComplianceReport = Awaited<ReturnType<typeof buildComplianceReport>>;

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}
