import "server-only";
import { simpleOnly } from "../privacy/privacy-config";
import type { TNoticeLanguage } from "./default-notice";

export type TSitePrivacy = { privacyPreset: string; maskSelectors: string; blockSelectors: string; unmaskSelectors: string };

const WORDS = {
  en: {
    recorded: "What is recorded",
    pages: "The pages you visit, your clicks and your scrolling.",
    layout: "The layout of the pages, so the team can see where things were.",
    allHidden: "All text on the pages is hidden, except interface text that the site's pages mark as safe to show: the team sees where words were, not what they say.",
    declared: "Interface text the site declared, such as navigation, headings, labels and buttons, is visible. All other text on the pages is hidden.",
    balanced: "The text of the pages is visible, except what you type and any parts the site marked as private. This includes what the page shows about you, such as your name; emails, card numbers and phone numbers in it are removed.",
    errors: "Error messages and warnings from the page, and the address and status of requests that failed or were slow, never their content. Emails, card numbers, phone numbers and other personal data are removed from them.",
    never: "What is never recorded",
    typed: "What you type: text in forms, passwords and card numbers.",
    media: "Images, videos and other media.",
    blocked: "The parts of the pages the site chose to leave out.",
  },
  fr: {
    recorded: "Ce qui est enregistré",
    pages: "Les pages que vous consultez, vos clics et le défilement.",
    layout: "La mise en page, pour que l'équipe voie où se trouvait chaque élément.",
    allHidden: "Tout le texte des pages est masqué, sauf le texte d'interface que les pages du site marquent comme pouvant être montré : l'équipe voit où se trouvaient les mots, pas ce qu'ils disent.",
    declared: "Le texte d'interface déclaré par le site, comme la navigation, les titres, les libellés et les boutons, est visible. Tout autre texte des pages est masqué.",
    balanced: "Le texte des pages est visible, sauf ce que vous saisissez et les parties que le site a marquées comme privées. Cela comprend ce que la page affiche à votre sujet, comme votre nom ; les adresses e-mail, numéros de carte et numéros de téléphone en sont retirés.",
    errors: "Les messages d'erreur et les avertissements de la page, ainsi que l'adresse et le statut des requêtes qui ont échoué ou ont été lentes, jamais leur contenu. Les adresses e-mail, numéros de carte, numéros de téléphone et autres données personnelles en sont retirés.",
    never: "Ce qui n'est jamais enregistré",
    typed: "Ce que vous saisissez : le texte des formulaires, les mots de passe et les numéros de carte.",
    media: "Les images, les vidéos et les autres médias.",
    blocked: "Les parties des pages que le site a choisi d'exclure.",
  },
} satisfies Record<TNoticeLanguage, Record<string, string>>;

const declares = (selectors: string) => selectors.split(",").some((s) => s.trim() !== "");

/** The notice's "What is recorded" sections for one site's privacy settings, in the notice's own markup. */
export function describeRecording(site: TSitePrivacy, language: TNoticeLanguage): string {
  const w = WORDS[language];
  // Only the unmask selectors the recorder and the server apply (simple ones) count as declared.
  const text = site.privacyPreset === "balanced" ? w.balanced : declares(simpleOnly(site.unmaskSelectors)) ? w.declared : w.allHidden;
  const never = [w.typed, w.media, ...(declares(site.blockSelectors) ? [w.blocked] : [])];
  return [`## ${w.recorded}`, ...[w.pages, w.layout, text, w.errors].map((l) => `- ${l}`), "", `## ${w.never}`, ...never.map((l) => `- ${l}`)].join("\n");
}
