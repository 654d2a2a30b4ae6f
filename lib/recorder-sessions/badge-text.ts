// recorder/ bundles this file for its English; the French comes with the session, never in the bundle.
export const BADGE_EN = {
  lang: "en",
  region: "Session recording",
  recording: "Recording for support ticket #",
  finish: "Finish",
  delete: "Delete recording",
  close: "Close",
  max_duration: "Recording stopped: it reached its maximum length.",
  mutation_limit: "Recording stopped: this page changes too quickly to record.",
  storage_full: "Recording stopped: this browser's storage for the site is full, so the recording cannot follow you to the next page.",
  saving: " Saving what was recorded…",
  finishing: "Finishing the recording…",
  saved: " What was recorded is saved for your support ticket.",
  finished: "Recording finished. Thank you!",
  deleting: "Deleting the recording…",
  deleted: "Recording deleted.",
  notDeleted: "This recording could not be deleted from here. Open your recording link again to delete it.",
  ended: "This recording has ended. Nothing more is recorded.",
  rejected: "Recording stopped: the server refused part of it. Nothing more is recorded.",
};

/** The badge's words in one language: the start-session response carries them. */
export type TBadgeText = Record<keyof typeof BADGE_EN, string>;

export const BADGE_FR: TBadgeText = {
  lang: "fr",
  region: "Enregistrement de la session",
  recording: "Enregistrement pour le ticket d'assistance #",
  finish: "Terminer",
  delete: "Supprimer l'enregistrement",
  close: "Fermer",
  max_duration: "Enregistrement arrêté : il a atteint sa durée maximale.",
  mutation_limit: "Enregistrement arrêté : cette page change trop vite pour être enregistrée.",
  storage_full: "Enregistrement arrêté : le stockage de ce navigateur pour le site est plein, l'enregistrement ne peut donc pas vous suivre sur la page suivante.",
  saving: " Envoi de ce qui a été enregistré…",
  finishing: "Fin de l'enregistrement…",
  saved: " Ce qui a été enregistré est conservé pour votre ticket d'assistance.",
  finished: "Enregistrement terminé. Merci !",
  deleting: "Suppression de l'enregistrement…",
  deleted: "Enregistrement supprimé.",
  notDeleted: "Cet enregistrement n'a pas pu être supprimé d'ici. Rouvrez votre lien d'enregistrement pour le supprimer.",
  ended: "Cet enregistrement est terminé. Plus rien n'est enregistré.",
  rejected: "Enregistrement arrêté : le serveur en a refusé une partie. Plus rien n'est enregistré.",
};
