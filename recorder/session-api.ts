import type { TStartSessionResponse } from "../lib/recorder-sessions/contract";
import type { TSession } from "./session";
import { backoffMs, nativeFetch, outcomeOf, post, sessionUrl } from "./transport";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exchanges the one-time grant for a recording session, or says why it could not. */
export async function exchangeGrant(apiBase: string, grant: string): Promise<TSession | { problem: string }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    let res: Response | null = null;
    try {
      res = await nativeFetch(`${apiBase}/api/recorder/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant }),
        credentials: "omit",
      });
    } catch {
      res = null;
    }
    if (res?.status === 201) {
      const data: TStartSessionResponse = await res.json();
      return { ...data, seq: 0, startedAt: Date.now(), ticketRef: data.ticket.reference, apiBase };
    }
    if (res && outcomeOf(res.status) !== "retry") {
      // Glimpse's own words: expired, already used, the ticket closed, this site not allowed…
      const message = (await res.json().catch(() => null))?.error?.message;
      return { problem: typeof message === "string" && message ? message : "it has expired or was already used." };
    }
    await sleep(backoffMs(attempt));
  }
  return { problem: "Glimpse could not be reached. Open your recording link again later." };
}

export async function settle(session: TSession, action: "finish" | "withdraw") {
  for (let attempt = 0; Date.now() < Date.parse(session.expiresAt); attempt++) {
    const outcome = outcomeOf((await post(sessionUrl(session, action), session.uploadToken, null))?.status ?? 0);
    if (outcome !== "retry") return outcome;
    await sleep(backoffMs(Math.min(attempt, 5)));
  }
  return "ended" as const;
}

/** Ends the session at once, without waiting for the answer (a new consent, a refused upload). */
export function finishNow(session: TSession) {
  void post(sessionUrl(session, "finish"), session.uploadToken, null);
}
