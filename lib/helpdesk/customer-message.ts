import "server-only";
import type { TNoticeLanguage } from "../notice/default-notice";

function utc(d: Date) {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The ready-to-send message, in the customer's language; the same text the console offers to copy. */
export function customerMessage({ language, operatorName, reference, url, expiresAt }: { language: TNoticeLanguage; operatorName: string; reference: string; url: string; expiresAt: Date }) {
  if (language === "fr") {
    return [
      "Bonjour,",
      "",
      `Pour traiter votre demande (${reference}), nous aimerions voir ce qui se passe sur notre site quand le problème survient.`,
      `Si vous êtes d'accord, ouvrez ce lien : ${url}`,
      "",
      "Il explique exactement ce qui est enregistré avant que quoi que ce soit ne commence. Le texte saisi et les mots de passe ne sont jamais enregistrés, vous pouvez arrêter à tout moment, et l'enregistrement est supprimé dès que votre demande est résolue.",
      `Le lien ne sert qu'une fois, jusqu'au ${utc(expiresAt)}.`,
      "",
      `Le support ${operatorName}`,
    ].join("\n");
  }
  return [
    "Hello,",
    "",
    `To help with your request (${reference}), we would like to see what happens on our site when the problem occurs.`,
    `If you agree, open this link: ${url}`,
    "",
    "It explains exactly what is recorded before anything starts. Typed text and passwords are never recorded, you can stop at any time, and the recording is deleted when your request is resolved.",
    `The link works once, until ${utc(expiresAt)}.`,
    "",
    `${operatorName} support`,
  ].join("\n");
}

/** "fr-CA", "fr_FR" or "French" from a helpdesk; null when it is none Glimpse speaks. */
export function customerLanguage(locale: string | null | undefined): TNoticeLanguage | null {
  const tag = locale?.trim().toLowerCase() ?? "";
  if (/^fr(\b|[-_])|^fran[cç]ais|^french/.test(tag)) return "fr";
  if (/^en(\b|[-_])|^english/.test(tag)) return "en";
  return null;
}

export { utc };
