import type { TNoticeLanguage } from "@/lib/notice/default-notice";

const COPY: Record<TNoticeLanguage, (by: string) => string> = {
  en: (by) => `This is a privacy preview by ${by}: an admin checking what support agents would see. No customer is involved, and the recording is deleted within an hour.`,
  fr: (by) => `Ceci est un aperçu de confidentialité par ${by} : un administrateur vérifie ce que verraient les agents du support. Aucun client n'est concerné, et l'enregistrement est supprimé dans l'heure.`,
};

export function PreviewNotice({ by, language }: { by: string; language: TNoticeLanguage }) {
  return (
    <p role="note" className="notice" data-testid="preview-notice">
      {COPY[language](by)}
    </p>
  );
}
