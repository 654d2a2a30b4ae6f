import "server-only";
/** Seeded on first use; {operator}, {ticket}, {retention} and {duration} are filled in when shown, {recorded} by the site's own sections; "## " starts a heading, "- " a list item. */
export const NOTICE_LANGUAGES = ["en", "fr"] as const;
export type TNoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export const DEFAULT_NOTICE: Record<TNoticeLanguage, string> = {
  en: `{operator} asks to record your visit to its website, so that its support team can see the problem you reported in ticket {ticket}.

{recorded}

## Who can watch it, and why
Only {operator}'s support staff working on ticket {ticket} can watch the recording, and only to solve your problem.

## How long it is kept
The recording is deleted when your ticket is resolved, and at the latest after {retention}.

## How to stop
Recording only happens in the browser tab you open from this page, and it stops by itself after {duration}. While it runs, a badge on the page says so: choose "Finish" to stop, or "Delete recording" to stop and delete everything. You can also come back to this page at any time to delete your recording.`,
  fr: `{operator} vous demande l'autorisation d'enregistrer votre visite sur son site, afin que son équipe d'assistance puisse voir le problème que vous avez signalé dans le ticket {ticket}.

{recorded}

## Qui peut le regarder, et pourquoi
Seule l'équipe d'assistance de {operator} qui traite le ticket {ticket} peut regarder l'enregistrement, et uniquement pour résoudre votre problème.

## Combien de temps il est conservé
L'enregistrement est supprimé lorsque votre ticket est résolu, et au plus tard après {retention}.

## Comment l'arrêter
L'enregistrement n'a lieu que dans l'onglet que vous ouvrez depuis cette page, et il s'arrête de lui-même après {duration}. Pendant qu'il fonctionne, un badge sur la page l'indique : choisissez « Terminer » pour l'arrêter, ou « Supprimer l'enregistrement » pour l'arrêter et tout effacer. Vous pouvez aussi revenir sur cette page à tout moment pour supprimer votre enregistrement.`,
};
