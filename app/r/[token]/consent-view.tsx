import type { TConsentPage } from "@/lib/consent/open-consent-page";
import type { TNoticeLanguage } from "@/lib/notice/default-notice";
import { noticeBlocks } from "@/lib/notice/render-notice";
import { CONSENT_COPY, type TConsentCopy } from "./consent-copy";
import { PreviewNotice } from "./preview-notice";

type TKnownPage = Exclude<TConsentPage, { kind: "unknown" }>;

const shell = { maxWidth: "44rem", margin: "0 auto", padding: "1.5rem 1rem 3rem" } as const;
// Accept and Decline must carry equal weight: same element, same class, same size. The grid's
// equal rows keep them the same height when a longer label wraps or they stack on a phone.
const choices = { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(14rem, 100%), 1fr))", gridAutoRows: "1fr", gap: "0.75rem" } as const;
const choice = { fontWeight: 600, minHeight: "3rem" } as const;

function NoticeText({ text }: { text: string }) {
  return (
    <div className="stack">
      {noticeBlocks(text).map((block, i) => {
        if (block.kind === "heading") return <h2 key={i}>{block.text}</h2>;
        if (block.kind === "list") return <ul key={i}>{block.items.map((item, j) => <li key={j}>{item}</li>)}</ul>;
        return <p key={i}>{block.text}</p>;
      })}
    </div>
  );
}

function DecisionForm({ action, language, decision, label, hidden = {}, hint }: {
  action: string; language: TNoticeLanguage; decision: string; label: string; hidden?: Record<string, string>; hint?: string;
}) {
  return (
    <form method="post" action={action} className="stack">
      <input type="hidden" name="lang" value={language} />
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {hint ? <p className="muted">{hint}</p> : null}
      <button type="submit" name="decision" value={decision} className="btn" style={choice}>{label}</button>
    </form>
  );
}

function formatTime(iso: string, language: TNoticeLanguage) {
  return new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** The newest recording's status, when and how long, and the button that deletes it. */
function RecordingCard({ page, t, action, language }: { page: TKnownPage; t: TConsentCopy; action: string; language: TNoticeLanguage }) {
  const r = page.recording;
  return (
    <section aria-labelledby="recording-heading" className="card stack">
      <h2 id="recording-heading">{t.recordedTitle}</h2>
      <p>{r ? t.recordingStatus[r.status] ?? r.status : t.consented}</p>
      {r ? (
        <dl>
          <dt>{t.started}</dt>
          <dd>{formatTime(r.startedAt, language)}</dd>
          {r.finishedAt ? <><dt>{t.finished}</dt><dd>{formatTime(r.finishedAt, language)}</dd></> : null}
        </dl>
      ) : null}
      {page.canWithdraw ? <DecisionForm action={action} language={language} decision="withdraw" label={t.withdraw} hint={t.withdrawHint} /> : null}
    </section>
  );
}

function StateBody({ page, t, action, language }: { page: TKnownPage; t: TConsentCopy; action: string; language: TNoticeLanguage }) {
  switch (page.kind) {
    case "ask":
      return (
        <>
          <section aria-labelledby="notice-heading" className="card">
            <h2 id="notice-heading" className="sr-only">{t.pageTitle}</h2>
            <NoticeText text={page.notice!.text} />
          </section>
          <form method="post" action={action} className="stack">
            <input type="hidden" name="lang" value={language} />
            <input type="hidden" name="noticeVersion" value={String(page.notice!.version)} />
            <input type="hidden" name="siteNoticeVersion" value={String(page.notice!.siteVersion)} />
            <input type="hidden" name="noticeHash" value={page.notice!.hash} />
            <p className="muted">{t.choiceHint}</p>
            <div style={choices}>
              <button type="submit" name="decision" value="accept" className="btn" style={choice}>{t.accept}</button>
              <button type="submit" name="decision" value="decline" className="btn" style={choice}>{t.decline}</button>
            </div>
          </form>
          <p className="muted"><small>{t.noticeVersion(`${page.notice!.version}.${page.notice!.siteVersion}`)}</small></p>
        </>
      );
    case "consented":
      return (
        <>
          <p>{t.consented}</p>
          <div className="row">
            <DecisionForm action={action} language={language} decision="resume" label={t.resume} />
          </div>
          <DecisionForm action={action} language={language} decision="withdraw" label={t.withdraw} hint={t.withdrawHint} />
        </>
      );
    case "recorded":
      return <RecordingCard page={page} t={t} action={action} language={language} />;
    case "revoked":
    case "expired": {
      // The agent may revoke a link mid-recording, and a link may lapse after its recording:
      // never tell a customer nothing was recorded when something was, and let them delete it.
      if (!page.recording) return <p>{t[page.kind]}</p>;
      return (
        <>
          <p>{page.kind === "revoked" ? t.revokedRecorded : t.expiredRecorded}</p>
          <RecordingCard page={page} t={t} action={action} language={language} />
        </>
      );
    }
    default:
      return <p>{t[page.kind]}</p>;
  }
}

const TITLES: Record<TKnownPage["kind"], (t: TConsentCopy, operator: string) => string> = {
  ask: (t, operator) => t.heading(operator),
  consented: (t) => t.recordedTitle,
  recorded: (t) => t.recordedTitle,
  expired: (t) => t.expiredTitle,
  revoked: (t) => t.revokedTitle,
  declined: (t) => t.declinedTitle,
  withdrawn: (t) => t.withdrawnTitle,
};

export function ConsentView({ page, token, language, changed, failed }: {
  page: TKnownPage; token: string; language: TNoticeLanguage; changed: boolean; failed: boolean;
}) {
  const t: TConsentCopy = CONSENT_COPY[language];
  const action = `/r/${encodeURIComponent(token)}/decision`;
  const other = t.switchLang as TNoticeLanguage;
  return (
    <div lang={language} style={shell} className="stack">
      <header className="row" style={{ justifyContent: "space-between" }}>
        <p style={{ margin: 0 }}><strong>{page.operatorName}</strong> · <span className="muted">{t.ticket(page.ticketReference)}</span></p>
        <nav aria-label={t.switchLabel}>
          <a href={`/r/${encodeURIComponent(token)}?lang=${other}`} hrefLang={other} lang={other}>{t.switchTo}</a>
        </nav>
      </header>
      <main className="stack">
        <h1>{TITLES[page.kind](t, page.operatorName)}</h1>
        {page.preview ? <PreviewNotice by={page.preview.by} language={language} /> : null}
        {changed ? <p role="status" className="notice">{t.changed}</p> : null}
        {failed ? <p role="alert" className="notice notice-error">{t.error}</p> : null}
        <StateBody page={page} t={t} action={action} language={language} />
      </main>
    </div>
  );
}
