import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decideConsent } from "../consent/decide-consent";
import { findLinkByToken } from "../consent/find-link-by-token";
import { noticeForLink } from "../consent/notice-for-link";
import { openConsentPage } from "../consent/open-consent-page";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { createLink } from "../links/create-link";
import { buildPrivacyConfig } from "../privacy/privacy-config";
import { startSession } from "../recorder-sessions/start-session";
import { createSite } from "../sites/create-site";
import type { TCreateSite } from "../sites/site-input";
import { updateSite } from "../sites/update-site";
import { createTicket } from "../tickets/create-ticket";
import { ensureDefaultNotice } from "./ensure-default-notice";

const admin = { type: "system" as const, label: "test" };
const ORIGIN = "https://shop.example";

async function newSite(privacy: Partial<TCreateSite> = {}) {
  return createSite(
    { name: `Shop ${Math.random().toString(36).slice(2, 6)}`, allowedOrigins: [ORIGIN], startUrl: `${ORIGIN}/`, privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "", ...privacy },
    admin,
  );
}

async function newLink(siteId: string) {
  const { ticket } = await createTicket({ input: { source: "manual", externalId: `N-${Math.random().toString(36).slice(2, 8)}` }, actor: admin });
  const { link, url } = await createLink({ ticketId: ticket.id, input: { siteId }, actor: admin });
  return { link, token: url.split("/r/")[1]! };
}

async function shown(token: string, language: "en" | "fr" = "en") {
  const page = await openConsentPage({ token, language });
  if (page.kind !== "ask") throw new Error(`expected the notice, got ${page.kind}`);
  return page.notice!;
}

async function accept(token: string, language: "en" | "fr" = "en", notice?: Awaited<ReturnType<typeof shown>>) {
  const n = notice ?? (await shown(token, language));
  return decideConsent({ token, form: { decision: "accept", lang: language, noticeVersion: n.version, siteNoticeVersion: n.siteVersion, noticeHash: n.hash } });
}

const grantOf = (location: string) => new URL(location).hash.replace("#glimpse=", "");

describe("the notice says what this site records", () => {
  const cases = [
    {
      name: "strict",
      privacy: {},
      en: ["All text on the pages is hidden"],
      fr: ["Tout le texte des pages est masqué"],
      notEn: ["Interface text the site declared", "The text of the pages is visible"],
    },
    {
      name: "strict with unmask selectors",
      privacy: { unmaskSelectors: "nav, h1, label, button, [role=alert]" },
      en: ["Interface text the site declared, such as navigation, headings, labels and buttons, is visible. All other text on the pages is hidden."],
      fr: ["Le texte d'interface déclaré par le site, comme la navigation, les titres, les libellés et les boutons, est visible."],
      notEn: ["All text on the pages is hidden", "The text of the pages is visible"],
    },
    {
      name: "balanced",
      privacy: { privacyPreset: "balanced" as const, maskSelectors: ".account", blockSelectors: ".ads" },
      en: ["The text of the pages is visible, except what you type and any parts the site marked as private.", "such as your name", "The parts of the pages the site chose to leave out."],
      fr: ["Le texte des pages est visible, sauf ce que vous saisissez", "comme votre nom", "Les parties des pages que le site a choisi d'exclure."],
      notEn: ["All text on the pages is hidden", "Interface text the site declared"],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: in English and French, with errors kept without personal data and typing never recorded`, async () => {
      const site = await newSite(c.privacy);
      const { token } = await newLink(site.id);
      const en = (await shown(token, "en")).text;
      const fr = (await shown(token, "fr")).text;
      for (const s of c.en) expect(en).toContain(s);
      for (const s of c.fr) expect(fr).toContain(s);
      for (const s of c.notEn) expect(en).not.toContain(s);
      expect(en).toContain("Error messages and warnings from the page, and the address and status of requests that failed or were slow, never their content. Emails, card numbers, phone numbers and other personal data are removed from them.");
      expect(fr).toContain("Les adresses e-mail, numéros de carte, numéros de téléphone et autres données personnelles en sont retirés.");
      expect(en).toContain("## What is never recorded\n- What you type: text in forms, passwords and card numbers.");
      expect(fr).toContain("## Ce qui n'est jamais enregistré\n- Ce que vous saisissez");
      expect(en.includes("chose to leave out")).toBe(Boolean(c.privacy.blockSelectors));
      // The admins' template is around the site's sections, in each language.
      expect(en).toMatch(/^Glimpse demo shop asks to record your visit[^]*## What is recorded[^]*## Who can watch it, and why/);
      expect(fr).toMatch(/^Glimpse demo shop vous demande[^]*## Ce qui est enregistré[^]*## Qui peut le regarder/);
      expect(en).not.toMatch(/\{\w+\}/);
    });
  }
});

describe("site notice versions", () => {
  it("a change of what the notice says publishes a new version for that site; older consents keep version, text hash and config hash", async () => {
    const site = await newSite({ privacyPreset: "balanced" });
    const other = await newSite();
    expect(await db.siteNotice.count({ where: { siteId: site.id } })).toBe(2);

    const first = await newLink(site.id);
    const firstShown = await shown(first.token);
    expect(firstShown.siteVersion).toBe(1);
    expect((await accept(first.token, "en", firstShown)).kind).toBe("grant");
    const older = await db.consent.findFirstOrThrow({ where: { linkId: first.link.id } });
    expect(older).toMatchObject({ siteNoticeVersion: 1, noticeHash: firstShown.hash, configHash: sha256Hex(JSON.stringify(buildPrivacyConfig({ privacyPreset: "balanced", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }))) });

    // Neither the name nor one more mask changes the words: same version, but the config hash follows the settings.
    expect((await updateSite({ siteId: site.id, input: { name: "Renamed shop", maskSelectors: ".secret" }, actor: admin })).noticeVersion).toBe(1);
    const same = await newLink(site.id);
    expect((await shown(same.token)).siteVersion).toBe(1);
    await accept(same.token);
    const sameConsent = await db.consent.findFirstOrThrow({ where: { linkId: same.link.id } });
    expect(sameConsent.siteNoticeVersion).toBe(1);
    expect(sameConsent.configHash).not.toBe(older.configHash);

    // A customer reading version 1 when the admin switches to strict is shown the notice again.
    const stale = await newLink(site.id);
    const staleShown = await shown(stale.token);
    expect((await updateSite({ siteId: site.id, input: { privacyPreset: "strict" }, actor: admin })).noticeVersion).toBe(2);
    expect(await accept(stale.token, "en", staleShown)).toEqual({ kind: "page", reason: "notice_changed" });
    expect(await db.consent.count({ where: { linkId: stale.link.id } })).toBe(0);
    expect((await db.link.findUniqueOrThrow({ where: { id: stale.link.id } })).status).toBe("opened");

    const now = await shown(stale.token);
    expect(now.siteVersion).toBe(2);
    expect(now.text).toContain("All text on the pages is hidden");
    expect((await accept(stale.token, "en", now)).kind).toBe("grant");
    const newer = await db.consent.findFirstOrThrow({ where: { linkId: stale.link.id } });
    expect(newer.siteNoticeVersion).toBe(2);
    expect(newer.noticeHash).not.toBe(older.noticeHash);
    expect(JSON.parse(newer.privacy!).preset).toBe("strict");

    const published = await db.auditEntry.findMany({ where: { action: "notice.site_published" }, orderBy: { id: "asc" } });
    expect(published.map((a) => JSON.parse(a.details)).filter((d) => d.siteId === site.id).map((d) => d.version)).toEqual([1, 2]);
    expect(await db.siteNotice.count({ where: { siteId: other.id } })).toBe(2);

    // The older consent is untouched, and its versions still render to exactly the text it hashed.
    const reread = await db.consent.findUniqueOrThrow({ where: { id: older.id } });
    expect(reread).toEqual(older);
    const replayed = await noticeForLink({ link: (await findLinkByToken(first.token))!, language: "en", version: older.noticeVersion, siteVersion: older.siteNoticeVersion! });
    expect(replayed!.hash).toBe(older.noticeHash);
    expect(replayed!.text).toContain("The text of the pages is visible");
  });

  it("the recording uses the snapshot the consent hashed, even after the site changed", async () => {
    const site = await newSite();
    const { link, token } = await newLink(site.id);
    const outcome = await accept(token, "fr");
    if (outcome.kind !== "grant") throw new Error(outcome.reason);
    await updateSite({ siteId: site.id, input: { privacyPreset: "balanced", unmaskSelectors: "main" }, actor: admin });

    const session = await startSession({ grant: grantOf(outcome.location), origin: ORIGIN });
    const consent = await db.consent.findFirstOrThrow({ where: { linkId: link.id } });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: session.recordingId } });
    expect(sha256Hex(recording.privacy)).toBe(consent.configHash);
    expect(session.privacy.preset).toBe("strict");
    expect(session).toMatchObject({ language: "fr", badge: { lang: "fr", finish: "Terminer", delete: "Supprimer l'enregistrement" } });
    const started = await db.auditEntry.findFirstOrThrow({ where: { recordingId: session.recordingId, action: "recording.started" } });
    expect(JSON.parse(started.details).configHash).toBe(consent.configHash);
  });

  it("a site whose generated words change without a save (a new release) gets a new version when a customer next opens a link", async () => {
    const site = await newSite();
    const { token } = await newLink(site.id);
    await db.siteNotice.updateMany({ where: { siteId: site.id, version: 1 }, data: { body: "## What is recorded\n- Older wording." } });
    const notice = await shown(token);
    expect(notice.siteVersion).toBe(2);
    expect(notice.text).not.toContain("Older wording");
    expect((await shown(token)).siteVersion).toBe(2);
  });
});

describe("the admins' notice around the site's sections", () => {
  it("the seeded default from before site sections is replaced by the current one; an admin's own text is kept, with the sections after its opening paragraph", async () => {
    const previous = JSON.parse(readFileSync(path.resolve("tests/fixtures/notice-default-v1.json"), "utf8")) as Record<"en" | "fr", string>;
    await db.notice.deleteMany();
    await db.notice.createMany({ data: (["en", "fr"] as const).map((language) => ({ version: 1, language, body: previous[language] })) });
    await ensureDefaultNotice();
    const latest = await db.notice.findMany({ where: { version: 2 } });
    expect(latest.map((n) => n.body.includes("{recorded}"))).toEqual([true, true]);
    expect(await db.auditEntry.count({ where: { action: "notice.published" } })).toBe(1);

    const site = await newSite();
    const { token } = await newLink(site.id);
    const text = (await shown(token)).text;
    expect(text.match(/## What is recorded/g)).toHaveLength(1);
    expect(text).not.toContain("without their content.");

    const own = "Our own opening paragraph about {operator}.\n\n## Keeping\nKept {retention} at most, for {duration} at most, for ticket {ticket}.";
    await db.notice.createMany({ data: (["en", "fr"] as const).map((language) => ({ version: 3, language, body: own })) });
    await ensureDefaultNotice();
    expect(await db.notice.count({ where: { version: 4 } })).toBe(0);
    const mixed = (await shown(token)).text;
    expect(mixed).toMatch(/^Our own opening paragraph about Glimpse demo shop\.\n\n## What is recorded\n[^]*\n\n## Keeping\n/);
  });
});
