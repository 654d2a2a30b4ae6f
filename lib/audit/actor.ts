import "server-only";
import type { TActor } from "./append-audit";

export type { TActor };

/** A signed-in user or an API key: the actors of the staff API, always tied to a user. */
export type TStaffActor = Extract<TActor, { type: "user" } | { type: "apiKey" }> & { userId: string };
