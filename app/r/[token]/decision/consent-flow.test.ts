import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { findLinkByToken } from "@/lib/consent/find-link-by-token";
import { noticeForLink } from "@/lib/consent/notice-for-link";
import { openConsentPage } from "@/lib/consent/open-consent-page";
import { pickLanguage } from "@/lib/consent/pick-language";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { createLink } from "@/lib/links/create-link";
import { revokeLink } from "@/lib/links/revoke-link";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";
import { createTicket } from "@/lib/tickets/create-ticket";
import { createUser } from "@/lib/users/create-user";
import { GET as getNotices, POST as publishNotice } from "../../../api/v1/notice/route";
import { POST as postSession } from "../../../api/recorder/sessions/route";
import { POST as postEvents } from "../../../api/recorder/sessions/[id]/events/route";
import { noticeBlocks } from "@/lib/notice/render-notice";
import { ConsentView } from "../consent-view";
import { POST as decide } from "./route";

const system = { type: "system" as const, label: "test" };

async function newLink(opts: { ttlMinutes?: number } = {}) {
  const site = await ensureDemoSite();
  const { ticket } = await createTicket({ input: { source: "manual", externalId: `T-${Math.random().toString(36).slice(2, 8)}` }, actor: system });
  const { link, url } = await createLink({ ticketId: ticket.id, input: { siteId: site.id, ...opts }, actor: system });
  return { site, ticket, link, token: url.split("/r/")[1]! };
}

async function submit(token: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const req = new Request(`http://glimpse.test/r/${token}/decision`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const res = await decide(req, { params: Promise.resolve({ token }) });
  return { status: res.status, location: res.headers.get("location") ?? "" };
}

async function shownNotice(token: string, lang: "en" | "fr" = "en") {
  const page = await openConsentPage({ token, language: lang });
  if (page.kind !== "ask") throw new Error(`expected the notice, got ${page.kind}`);
  return { noticeVersion: String(page.notice!.version), siteNoticeVersion: String(page.notice!.siteVersion), noticeHash: page.notice!.hash, lang };
}

async function linkStatus(id: string) {
  return (await db.link.findUniqueOrThrow({ where: { id } })).status;
}

/** The customer accepts, the recorder starts a session and one batch is stored. */
async function acceptAndUploadOneBatch(token: string, startUrl: string) {
  const accepted = await submit(token, { decision: "accept", ...(await shownNotice(token)) });
  const grant = new URL(accepted.location).hash.replace("#glimpse=", "");
  const origin = new URL(startUrl).origin;
  const session = await postSession(
    new Request("http://glimpse.test/api/recorder/sessions", { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ grant }) }),
    { params: Promise.resolve({}) },
  );
  const { recordingId, uploadToken } = (await session.json()) as { recordingId: string; uploadToken: string };
  const uploaded = await postEvents(
    new Request(`http://glimpse.test/api/recorder/sessions/${recordingId}/events`, {
      method: "POST",
      headers: { origin, authorization: `Bearer ${uploadToken}`, "x-glimpse-seq": "0", "content-type": "application/json" },
      body: JSON.stringify([{ type: 4, timestamp: Date.now(), data: { href: startUrl, width: 800, height: 600 } }]),
    }),
    { params: Promise.resolve({ id: recordingId }) },
  );
  expect(uploaded.status).toBe(200);
  return recordingId;
}

describe("consent page state", () => {
  it("opening a pending link marks it opened once, audited, and shows operator, ticket and the filled-in notice", async () => {
    const { link, ticket, token } = await newLink();
    const page = await openConsentPage({ token, language: "en" });
    expect(page).toMatchObject({ kind: "ask", operatorName: "Glimpse demo shop", ticketReference: ticket.externalId });
    if (page.kind === "unknown") throw new Error("unreachable");
    expect(page.notice!.text).toContain(`ticket ${ticket.externalId}`);
    expect(page.notice!.text).toContain("at the latest after 30 days");
    expect(page.notice!.text).toContain("after 20 minutes");
    expect(page.notice!.text).not.toMatch(/\{(operator|ticket|retention|duration)\}/);
    expect(page.notice!.hash).toBe(sha256Hex(page.notice!.text));
    await openConsentPage({ token, language: "fr" });
    expect(await linkStatus(link.id)).toBe("opened");
    expect(await db.auditEntry.count({ where: { linkId: link.id, action: "link.opened" } })).toBe(1);

    const fr = await openConsentPage({ token, language: "fr" });
    if (fr.kind === "unknown") throw new Error("unreachable");
    expect(fr.notice!.text).toContain("au plus tard après 30 jours");
  });

  it("tells unknown, expired and revoked links apart", async () => {
    expect(await openConsentPage({ token: "x".repeat(43), language: "en" })).toEqual({ kind: "unknown" });
    const expired = await newLink();
    await db.link.update({ where: { id: expired.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await openConsentPage({ token: expired.token, language: "en" })).kind).toBe("expired");
    expect(await linkStatus(expired.link.id)).toBe("pending");
    const revoked = await newLink();
    await revokeLink({ linkId: revoked.link.id, actor: system });
    expect((await openConsentPage({ token: revoked.token, language: "en" })).kind).toBe("revoked");
  });

  it("chooses the language from ?lang, then Accept-Language, then English", () => {
    expect(pickLanguage(undefined, "fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(pickLanguage(undefined, "de-DE,en;q=0.5,fr;q=0.7")).toBe("fr");
    expect(pickLanguage("en", "fr")).toBe("en");
    expect(pickLanguage("xx", null)).toBe("en");
    expect(pickLanguage(undefined, "de")).toBe("en");
  });
});

describe("POST /r/:token/decision", () => {
  it("accept stores the consent with notice version, hash and language, and 303s to startUrl#glimpse=<grant>", async () => {
    const { link, site, token } = await newLink();
    const notice = await shownNotice(token, "fr");
    const res = await submit(token, { decision: "accept", ...notice });
    expect(res.status).toBe(303);
    const target = new URL(res.location);
    expect(`${target.origin}${target.pathname}`).toBe(site.startUrl);
    const grant = target.hash.replace(/^#glimpse=/, "");
    expect(grant).toMatch(/^[0-9A-Za-z]{43}$/);

    const consent = await db.consent.findFirstOrThrow({ where: { linkId: link.id } });
    expect(consent).toMatchObject({ decision: "accepted", noticeVersion: 1, siteNoticeVersion: 1, noticeHash: notice.noticeHash, language: "fr" });
    expect(consent.configHash).toBe(sha256Hex(consent.privacy!));
    const fromDb = await noticeForLink({ link: (await findLinkByToken(token))!, language: "fr", version: 1, siteVersion: 1 });
    expect(consent.noticeHash).toBe(sha256Hex(fromDb!.text));
    expect(await linkStatus(link.id)).toBe("consented");
    const stored = await db.grant.findFirstOrThrow({ where: { linkId: link.id }, omit: { tokenHash: false } });
    expect(stored.tokenHash).toBe(sha256Hex(grant));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const twice = await submit(token, { decision: "accept", ...notice });
    expect(twice.location).toBe(`/r/${token}?lang=fr`);
    expect(await db.consent.count({ where: { linkId: link.id } })).toBe(1);
  });

  it("decline stores a declined consent, ends the link, and never hands out a grant", async () => {
    const { link, token } = await newLink();
    const res = await submit(token, { decision: "decline", ...(await shownNotice(token)) });
    expect(res).toEqual({ status: 303, location: `/r/${token}?lang=en` });
    expect(await linkStatus(link.id)).toBe("declined");
    expect((await db.consent.findFirstOrThrow({ where: { linkId: link.id } })).decision).toBe("declined");
    expect(await db.grant.count({ where: { linkId: link.id } })).toBe(0);
    expect((await openConsentPage({ token, language: "en" })).kind).toBe("declined");
    const accept = await submit(token, { decision: "accept", ...(await noticeFields(token)) });
    expect(accept.location).toBe(`/r/${token}?lang=en`);
    expect(await linkStatus(link.id)).toBe("declined");
  });

  it("expired, revoked and unknown links get their page back, and nothing is stored", async () => {
    const expired = await newLink();
    const notice = await shownNotice(expired.token);
    await db.link.update({ where: { id: expired.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await submit(expired.token, { decision: "accept", ...notice })).location).toBe(`/r/${expired.token}?lang=en`);

    const revoked = await newLink();
    const revokedNotice = await shownNotice(revoked.token);
    await revokeLink({ linkId: revoked.link.id, actor: system });
    expect((await submit(revoked.token, { decision: "accept", ...revokedNotice })).status).toBe(303);

    const unknown = "u".repeat(43);
    expect(await submit(unknown, { decision: "accept", ...notice })).toEqual({ status: 303, location: `/r/${unknown}?lang=en` });
    expect(await submit(unknown, { nonsense: "1" })).toEqual({ status: 303, location: `/r/${unknown}?lang=en` });

    for (const id of [expired.link.id, revoked.link.id]) {
      expect(await db.consent.count({ where: { linkId: id } })).toBe(0);
      expect(await db.grant.count({ where: { linkId: id } })).toBe(0);
    }
  });

  it("a tampered or outdated notice hash sends the customer back to read the notice again", async () => {
    const { link, token } = await newLink();
    const notice = await shownNotice(token);
    const res = await submit(token, { decision: "accept", ...notice, noticeHash: "0".repeat(64) });
    expect(res.location).toBe(`/r/${token}?lang=en&changed=1`);
    expect(await linkStatus(link.id)).toBe("opened");
    expect(await db.consent.count({ where: { linkId: link.id } })).toBe(0);
  });

  it("a used link shows the recording's status, and withdraw purges it and ends the link", async () => {
    const { link, token, site } = await newLink();
    const recordingId = await acceptAndUploadOneBatch(token, site.startUrl);

    const page = await openConsentPage({ token, language: "en" });
    expect(page).toMatchObject({ kind: "recorded", canWithdraw: true, recording: { status: "live" } });

    const res = await submit(token, { decision: "withdraw", lang: "en" });
    expect(res).toEqual({ status: 303, location: `/r/${token}?lang=en` });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: recordingId } });
    expect(recording).toMatchObject({ status: "purged", purgeReason: "withdrawn" });
    expect(await db.chunk.count({ where: { recordingId } })).toBe(0);
    expect(await linkStatus(link.id)).toBe("withdrawn");
    expect((await db.consent.findMany({ where: { linkId: link.id }, orderBy: { createdAt: "asc" } })).map((c) => c.decision)).toEqual(["accepted", "withdrawn"]);
    expect((await openConsentPage({ token, language: "en" })).kind).toBe("withdrawn");
    expect(await db.auditEntry.count({ where: { linkId: link.id, action: { in: ["consent.withdrawn", "recording.purged"] } } })).toBe(2);
  });

  it("after the agent revoked the link mid-recording, the page shows the recording and withdraw still deletes it", async () => {
    const { link, token, site } = await newLink();
    const recordingId = await acceptAndUploadOneBatch(token, site.startUrl);
    await revokeLink({ linkId: link.id, actor: system });
    expect(await linkStatus(link.id)).toBe("revoked");

    for (const lang of ["en", "fr"] as const) {
      const page = await openConsentPage({ token, language: lang });
      expect(page).toMatchObject({ kind: "revoked", canWithdraw: true, recording: { status: "finished" } });
      if (page.kind === "unknown") throw new Error("unreachable");
      const html = renderToStaticMarkup(createElement(ConsentView, { page, token, language: lang, changed: false, failed: false }));
      expect(html).toContain(lang === "en" ? "Delete my recording" : "Supprimer mon enregistrement");
      expect(html).toContain('value="withdraw"');
      expect(html).toContain(lang === "en" ? "The recording has ended." : "L&#x27;enregistrement est terminé.");
      expect(html).not.toContain(lang === "en" ? "Nothing will be recorded" : "Rien ne sera enregistré");
    }

    const res = await submit(token, { decision: "withdraw", lang: "en" });
    expect(res).toEqual({ status: 303, location: `/r/${token}?lang=en` });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: recordingId }, omit: { wrappedKey: false } });
    expect(recording).toMatchObject({ status: "purged", purgeReason: "withdrawn", wrappedKey: null });
    expect(await db.chunk.count({ where: { recordingId } })).toBe(0);
    expect(await linkStatus(link.id)).toBe("withdrawn");
    expect((await db.consent.findMany({ where: { linkId: link.id }, orderBy: { createdAt: "asc" } })).map((c) => c.decision)).toEqual(["accepted", "withdrawn"]);
    expect((await openConsentPage({ token, language: "en" })).kind).toBe("withdrawn");
    expect((await submit(token, { decision: "withdraw", lang: "en" })).location).toBe(`/r/${token}?lang=en`);
    expect(await db.consent.count({ where: { linkId: link.id, decision: "withdrawn" } })).toBe(1);
  });

  it("a link revoked or expired before anything was recorded still says so, and offers nothing to delete", async () => {
    const revoked = await newLink();
    await revokeLink({ linkId: revoked.link.id, actor: system });
    const page = await openConsentPage({ token: revoked.token, language: "en" });
    expect(page).toMatchObject({ kind: "revoked", canWithdraw: false, recording: null });
    if (page.kind === "unknown") throw new Error("unreachable");
    const html = renderToStaticMarkup(createElement(ConsentView, { page, token: revoked.token, language: "en", changed: false, failed: false }));
    expect(html).toContain("Nothing will be recorded");
    expect(html).not.toContain("Delete my recording");
    expect(await submit(revoked.token, { decision: "withdraw", lang: "en" })).toEqual({ status: 303, location: `/r/${revoked.token}?lang=en` });
    expect(await linkStatus(revoked.link.id)).toBe("revoked");
    expect(await db.consent.count({ where: { linkId: revoked.link.id } })).toBe(0);
  });

  it("resume hands out a fresh grant only while consented and nothing has been recorded", async () => {
    const { link, token } = await newLink();
    const pending = await submit(token, { decision: "resume", lang: "en" });
    expect(pending.location).toBe(`/r/${token}?lang=en`);
    await submit(token, { decision: "accept", ...(await shownNotice(token)) });
    expect((await openConsentPage({ token, language: "en" })).kind).toBe("consented");
    const resumed = await submit(token, { decision: "resume", lang: "en" });
    expect(resumed.location).toContain("#glimpse=");
    expect(await db.grant.count({ where: { linkId: link.id } })).toBe(2);
  });
});

async function noticeFields(token: string) {
  const link = (await findLinkByToken(token))!;
  const notice = await noticeForLink({ link, language: "en" });
  return { noticeVersion: String(notice!.version), siteNoticeVersion: String(notice!.siteVersion), noticeHash: notice!.hash, lang: "en" };
}

describe("consent notice versions", () => {
  it("admins publish a new version; old consents keep theirs, agents cannot publish, bad bodies are 422", async () => {
    const admin = await createUser({ input: { email: `a-${Math.random()}@example.test`, name: "A", password: "correct horse battery", role: "admin" }, actor: system });
    const agent = await createUser({ input: { email: `b-${Math.random()}@example.test`, name: "B", password: "correct horse battery", role: "agent" }, actor: system });
    const { key: adminKey } = await createApiKey({ userId: admin.id, name: "k", actor: system });
    const { key: agentKey } = await createApiKey({ userId: agent.id, name: "k", actor: system });
    const call = async (handler: typeof publishNotice, key: string, body?: unknown) => {
      const res = await handler(
        new Request("http://glimpse.test/api/v1/notice", {
          method: body === undefined ? "GET" : "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
      return { status: res.status, json: await res.json() };
    };

    const old = await newLink();
    await submit(old.token, { decision: "accept", ...(await shownNotice(old.token)) });

    const text = "## New notice\n{operator} records ticket {ticket} for at most {duration}; kept {retention} at most.\n\n{recorded}";
    expect((await call(publishNotice, agentKey, { en: text, fr: text })).status).toBe(403);
    expect((await call(publishNotice, adminKey, { en: "short", fr: text })).status).toBe(422);
    expect((await call(publishNotice, adminKey, { en: text })).status).toBe(422);
    const withoutSections = await call(publishNotice, adminKey, { en: text.replace("{recorded}", "Nothing else."), fr: text });
    expect(withoutSections.status).toBe(422);
    expect(withoutSections.json.error.message).toContain("{recorded}");
    const published = await call(publishNotice, adminKey, { en: text, fr: `${text} (fr)` });
    expect(published).toEqual({ status: 201, json: { version: 2 } });

    const listed = await call(getNotices as typeof publishNotice, agentKey);
    expect(listed.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(listed.json.versions[1].consents).toBeGreaterThanOrEqual(1);

    const fresh = await newLink();
    const page = await openConsentPage({ token: fresh.token, language: "en" });
    if (page.kind === "unknown") throw new Error("unreachable");
    expect(page.notice).toMatchObject({ version: 2 });
    expect(page.notice!.text).toContain("## New notice\nGlimpse demo shop records ticket");
    expect(page.notice!.text).toContain("## What is recorded\n- The pages you visit");
    expect(page.notice!.text).not.toContain("{recorded}");
    expect((await db.consent.findFirstOrThrow({ where: { linkId: old.link.id } })).noticeVersion).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "notice.published" } })).toBe(1);
  });
});

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e]!);

/** The notice as the page shows it: each heading, paragraph and list item, in order. */
function displayedNotice(html: string) {
  const section = /<section aria-labelledby="notice-heading"[^>]*>([^]*?)<\/section>/.exec(html)![1]!;
  return [...section.matchAll(/<(h2|p|li)>([^<]*)<\/\1>/g)].map(([, tag, text]) => `${tag}:${decode(text!)}`);
}

describe("the consent receipt", () => {
  it("hashes exactly the text the consent page renders, and its versions render that text again", async () => {
    const { link, token } = await newLink();
    for (const lang of ["en", "fr"] as const) {
      const page = await openConsentPage({ token, language: lang });
      if (page.kind === "unknown") throw new Error("unreachable");
      const html = renderToStaticMarkup(createElement(ConsentView, { page, token, language: lang, changed: false, failed: false }));
      const field = (name: string) => decode(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
      const shown = displayedNotice(html);
      expect(shown).toContain(lang === "en" ? "li:All text on the pages is hidden, except interface text that the site's pages mark as safe to show: the team sees where words were, not what they say." : "li:Tout le texte des pages est masqué, sauf le texte d'interface que les pages du site marquent comme pouvant être montré : l'équipe voit où se trouvaient les mots, pas ce qu'ils disent.");
      if (lang === "en") continue;

      const res = await submit(token, { decision: "accept", lang, noticeVersion: field("noticeVersion"), siteNoticeVersion: field("siteNoticeVersion"), noticeHash: field("noticeHash") });
      expect(res.location).toContain("#glimpse=");
      const consent = await db.consent.findFirstOrThrow({ where: { linkId: link.id } });
      expect(consent.noticeHash).toBe(field("noticeHash"));
      const receipt = await noticeForLink({ link: (await findLinkByToken(token))!, language: "fr", version: consent.noticeVersion, siteVersion: consent.siteNoticeVersion! });
      expect(sha256Hex(receipt!.text)).toBe(consent.noticeHash);
      const blocks = noticeBlocks(receipt!.text).flatMap((b) => (b.kind === "list" ? b.items.map((i) => `li:${i}`) : [`${b.kind === "heading" ? "h2" : "p"}:${b.text}`]));
      expect(shown).toEqual(blocks);
    }
  });

  it("carries the consent page's language to the recorder: grant, then session response and badge words", async () => {
    const { link, token, site } = await newLink();
    const accepted = await submit(token, { decision: "accept", ...(await shownNotice(token, "fr")) });
    const grant = new URL(accepted.location).hash.replace("#glimpse=", "");
    expect((await db.grant.findFirstOrThrow({ where: { linkId: link.id } })).language).toBe("fr");
    const session = await postSession(
      new Request("http://glimpse.test/api/recorder/sessions", { method: "POST", headers: { origin: new URL(site.startUrl).origin, "content-type": "application/json" }, body: JSON.stringify({ grant }) }),
      { params: Promise.resolve({}) },
    );
    expect(session.status).toBe(201);
    const body = await session.json();
    expect(body).toMatchObject({ language: "fr", badge: { lang: "fr", recording: "Enregistrement pour le ticket d'assistance #", finish: "Terminer", delete: "Supprimer l'enregistrement" } });
    // The French notice names the same two buttons the badge shows.
    const notice = await noticeForLink({ link: (await findLinkByToken(token))!, language: "fr", version: 1, siteVersion: 1 });
    expect(notice!.text).toContain(`« ${body.badge.finish} »`);
    expect(notice!.text).toContain(`« ${body.badge.delete} »`);
  });

  it("a resumed grant speaks the language of the page the customer resumed from", async () => {
    const { link, token } = await newLink();
    await submit(token, { decision: "accept", ...(await shownNotice(token, "en")) });
    await submit(token, { decision: "resume", lang: "fr" });
    const grants = await db.grant.findMany({ where: { linkId: link.id }, orderBy: { createdAt: "asc" } });
    expect(grants.map((g) => g.language)).toEqual(["en", "fr"]);
  });
});

describe("POST /r/:token/decision bodies (issue 8 items 12, 14)", () => {
  it("stops reading an endless chunked form at the cap with 413, and decides nothing", async () => {
    const { token, link } = await newLink();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? "decision=accept&pad=" : "a".repeat(64 * 1024)));
      },
    });
    const req = new Request(`http://glimpse.test/r/${token}/decision`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await decide(req, { params: Promise.resolve({ token }) });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(5);
    expect(await linkStatus(link.id)).toBe("pending");
  });

  it("a form field with bytes that are not UTF-8, or a lone surrogate escape, decides nothing and gives no 500", async () => {
    const { token, link } = await newLink();
    for (const raw of ["decision=accept&noticeHash=%ED%A0%80", "decision=%ZZ", "decision=acc%C3ept", "lang=%FF&decision=decline"]) {
      const req = new Request(`http://glimpse.test/r/${token}/decision`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: raw });
      const res = await decide(req, { params: Promise.resolve({ token }) });
      expect(res.status, raw).toBeLessThan(500);
    }
    expect(await linkStatus(link.id)).toBe("pending");
  });
});
