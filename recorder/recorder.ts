import { record } from "@rrweb/record";
import { Badge } from "./badge";
import { captureConsole, captureNetwork } from "./capture";
import { guardMutations } from "./mutation-guard";
import { recordOptions, withDefaults } from "./record-options";
import { scrubEvent, stripQuery } from "./scrub-event";
import { PauseGate } from "./pause-gate";
import { recordPointerRest } from "./pointer-rest";
import { clearSession, loadState, saveState, takeGrant, type TBatch, type TSession } from "./session";
import { backoffMs, nativeFetch, outcomeOf, post, sessionUrl } from "./transport";
import { Uploader } from "./uploader";

const FLUSH_EVERY_MS = 5_000;
// A still page emits nothing, and the server ends a recording that uploads nothing for 5 minutes
// (a dead tab): an open tab says it is alive once a minute.
const ALIVE_EVERY_MS = 60_000;
const FLUSH_PAST_CHARS = 256 * 1024;
const EventType = { FullSnapshot: 2, Meta: 4, Custom: 5 } as const;

type TEvent = { type: number; data: any; timestamp: number };
type TStopReason = "max_duration" | "mutation_limit" | "storage_full";

const STOPPED: Record<TStopReason, string> = {
  max_duration: "Recording stopped: it reached its maximum length.",
  mutation_limit: "Recording stopped: this page changes too quickly to record.",
  storage_full: "Recording stopped: this browser's storage for the site is full, so the recording cannot follow you to the next page.",
};

const script = document.currentScript as HTMLScriptElement | null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const whenBody = () =>
  document.body ? Promise.resolve() : new Promise<void>((r) => document.addEventListener("DOMContentLoaded", () => r(), { once: true }));

/** Exchanges the one-time grant for a recording session, or says why it could not. */
async function startSession(apiBase: string, grant: string): Promise<TSession | { problem: string }> {
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
      const data = await res.json();
      return {
        recordingId: data.recordingId,
        uploadToken: data.uploadToken,
        expiresAt: data.expiresAt,
        seq: 0,
        startedAt: Date.now(),
        maxDurationMs: data.maxDurationMs,
        privacy: withDefaults(data.privacy),
        ticketRef: String(data.ticket?.reference ?? ""),
        apiBase,
      };
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

/** Retries a finish or withdraw until the server answers something other than "try again". */
async function settle(session: TSession, action: "finish" | "withdraw") {
  for (let attempt = 0; Date.now() < Date.parse(session.expiresAt); attempt++) {
    const outcome = outcomeOf((await post(sessionUrl(session, action), session.uploadToken, null))?.status ?? 0);
    if (outcome !== "retry") return outcome;
    await sleep(backoffMs(Math.min(attempt, 5)));
  }
  return "ended" as const;
}

class Recorder {
  private buffer: string[] = [];
  private bufferChars = 0;
  private lastPushAt = Date.now();
  private stopRecording: (() => void) | undefined;
  private guard: ReturnType<typeof guardMutations> | undefined;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private flushMs = Infinity;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private navSent = false;
  private uploader: Uploader;
  // The queue was full (server unreachable, or storage refused a batch): restart from a checkpoint.
  private gate = new PauseGate(() => setTimeout(() => this.active && record.takeFullSnapshot(true)));

  constructor(
    private session: TSession,
    private badge: Badge,
    queue: TBatch[],
  ) {
    this.uploader = new Uploader(
      session,
      queue,
      (outcome) => this.onUploadGiveUp(outcome),
      (flushMs) => this.flushEvery(flushMs),
      () => void this.finish("storage_full"),
    );
  }

  start() {
    const { session } = this;
    const remaining = session.startedAt + session.maxDurationMs - Date.now();
    if (remaining <= 0) return void this.finish("max_duration");

    this.active = true;
    this.showRecording();
    const isActive = () => this.active;
    const emit = (e: TEvent) => this.push(e);
    // Created before rrweb's observer, so that it sees each batch first.
    this.guard = guardMutations(() => void this.finish("mutation_limit"));
    captureConsole(session.privacy, emit, isActive);
    captureNetwork(session.privacy, emit, isActive, session.apiBase);
    recordPointerRest(emit, (node) => record.mirror.getId(node as Node));
    this.stopRecording = record({
      ...recordOptions(session.privacy),
      emit: (event: TEvent) => this.onRrwebEvent(event),
    });
    this.watchHistory();
    this.flushEvery(FLUSH_EVERY_MS);
    this.maxTimer = setTimeout(() => void this.finish("max_duration"), remaining);

    // Closing the tab leaves no time for a gzip send: queue what is buffered, and send it plain.
    addEventListener("pagehide", () => {
      this.flush(false);
      this.uploader.persist();
      this.uploader.sendOnUnload();
    });
    addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
    addEventListener("pageshow", (e) => {
      if (e.persisted) this.resumeFromCache();
    });
    this.uploader.pump();
  }

  private onRrwebEvent(event: TEvent) {
    scrubEvent(event, { privacy: this.session.privacy, elementOf: (id) => record.mirror.getNode(id) as Element | null });
    // A batch always starts at a checkpoint, so no batch splits a Meta from its FullSnapshot.
    if (event.type === EventType.Meta) this.flush();
    this.push(event);
    if (event.type === EventType.FullSnapshot && !this.navSent) {
      this.navSent = true;
      // rrweb creates its mutation observer right after this snapshot, in the same task.
      setTimeout(() => this.active && this.guard?.arm());
      this.emitCustom("glimpse/nav", { href: stripQuery(location.href) });
    }
  }

  private push(event: TEvent) {
    if (!this.active || !this.gate.admit(event.type, () => this.uploader.full)) return;
    const json = JSON.stringify(event);
    this.lastPushAt = Date.now();
    this.buffer.push(json);
    this.bufferChars += json.length;
    if (this.bufferChars >= FLUSH_PAST_CHARS && event.type !== EventType.Meta) this.flush();
  }

  private emitCustom(tag: string, payload: unknown) {
    this.push({ type: EventType.Custom, timestamp: Date.now(), data: { tag, payload } });
  }

  /** 5 s normally; the server asks for 1 s while an agent follows the recording live. */
  private flushEvery(ms: number | undefined) {
    if (!this.active || !ms || ms === this.flushMs) return;
    const faster = this.flushTimer !== undefined && ms < this.flushMs;
    this.flushMs = Math.min(Math.max(ms, 1_000), FLUSH_EVERY_MS);
    clearInterval(this.flushTimer);
    this.flushTimer = setInterval(() => this.flush(), this.flushMs);
    if (faster) this.flush();
  }

  private flush(pump = true) {
    if (this.buffer.length === 0 && Date.now() - this.lastPushAt >= ALIVE_EVERY_MS) this.emitCustom("glimpse/alive", {});
    if (this.buffer.length === 0) return;
    const body = `[${this.buffer.join(",")}]`;
    this.buffer = [];
    this.bufferChars = 0;
    if (this.uploader.full) return this.gate.pause();
    this.uploader.enqueue(body, pump);
  }

  /** Single-page apps change address without a page load. */
  private watchHistory() {
    let last = stripQuery(location.href);
    const check = () => {
      const href = stripQuery(location.href);
      if (href !== last) {
        last = href;
        this.emitCustom("glimpse/nav", { href });
      }
    };
    for (const method of ["pushState", "replaceState"] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
        const result = original.apply(this, args);
        check();
        return result;
      };
    }
    addEventListener("popstate", check);
  }

  /** Back/forward cache: another page of this tab may have moved the session on meanwhile. */
  private resumeFromCache() {
    const stored = loadState();
    if (!this.active) return;
    if (!stored || stored.session.recordingId !== this.session.recordingId || stored.session.ending) {
      this.halt();
      this.badge.remove();
      return;
    }
    this.uploader.reload(stored.session, stored.queue);
    this.emitCustom("glimpse/nav", { href: stripQuery(location.href) });
    record.takeFullSnapshot(true);
  }

  private halt() {
    this.active = false;
    this.stopRecording?.();
    this.stopRecording = undefined;
    this.guard?.stop();
    clearInterval(this.flushTimer);
    clearTimeout(this.maxTimer);
  }

  private showRecording() {
    this.badge.show(`Recording for support ticket #${this.session.ticketRef}`, [
      { label: "Finish", run: () => void this.finish() },
      { label: "Delete recording", run: () => void this.withdraw() },
    ], { live: true });
  }

  /**
   * "storage_full": sessionStorage cannot hold the session, so the next page of this tab could not
   * resume it. It ends here, with everything uploaded in order and then finished: at pagehide a
   * finish could overtake the last batches, which the server then refuses.
   */
  async finish(reason?: TStopReason) {
    if (this.session.ending) return;
    if (reason) this.emitCustom("glimpse/stopped", { reason });
    this.halt();
    this.flush();
    this.session.ending = "finish";
    this.uploader.persist();
    this.uploader.pump();
    this.badge.show(reason ? `${STOPPED[reason]} Saving what was recorded…` : "Finishing the recording…", [
      { label: "Delete recording", run: () => void this.withdraw() },
    ]);
    try {
      await this.uploader.drained();
    } catch {
      return; // the uploader said why, or the customer deleted the recording meanwhile
    }
    await settle(this.session, "finish");
    if (this.session.ending !== "finish") return;
    this.close();
    this.badge.notice(
      reason ? `${STOPPED[reason]} What was recorded is saved for your support ticket.` : "Recording finished. Thank you!",
      reason ? 60_000 : undefined,
    );
  }

  async withdraw() {
    if (this.session.ending === "withdraw") return;
    this.halt();
    this.buffer = [];
    this.uploader.drop();
    this.session.ending = "withdraw";
    saveState(this.session, []);
    this.badge.show("Deleting the recording…", []);
    const outcome = await settle(this.session, "withdraw");
    this.close();
    this.badge.notice(
      outcome === "ok"
        ? "Recording deleted."
        : "This recording could not be deleted from here. Open your recording link again to delete it.",
    );
  }

  /** Resumes what the customer asked for on the previous page of this tab. */
  resumeEnding() {
    const ending = this.session.ending;
    delete this.session.ending;
    return ending === "withdraw" ? this.withdraw() : this.finish();
  }

  private close() {
    this.halt();
    this.uploader.close();
    clearSession();
  }

  private onUploadGiveUp(outcome: "ended" | "rejected") {
    if (this.session.ending === "withdraw") return;
    this.close();
    this.badge.notice(
      outcome === "ended"
        ? "This recording has ended. Nothing more is recorded."
        : "Recording stopped: the server refused part of it. Nothing more is recorded.",
    );
    if (outcome === "rejected") void post(sessionUrl(this.session, "finish"), this.session.uploadToken, null);
  }
}

/** Only the top frame records: a same-origin frame shares the tab's session (the loader checks too). */
function isTopFrame() {
  try {
    return window.top === window;
  } catch {
    return false;
  }
}

async function main() {
  const w = window as { __glimpseRecorder?: boolean };
  if (!script || w.__glimpseRecorder || !isTopFrame()) return;
  w.__glimpseRecorder = true;
  const apiBase = new URL(".", script.src).href.replace(/\/$/, "");

  const { grant, rest } = takeGrant(location.hash);
  if (grant) {
    history.replaceState(history.state, "", location.pathname + location.search + rest);
    // A hash router that already read #/glimpse=… as its route is told where it really is.
    if (/^#!?\//.test(rest)) {
      dispatchEvent(new PopStateEvent("popstate", { state: history.state }));
      dispatchEvent(new HashChangeEvent("hashchange", { newURL: location.href }));
    }
  }

  const stored = loadState();
  let session = stored?.session ?? null;
  let queue = stored?.queue ?? [];
  if (grant) {
    // A new consent replaces whatever this tab was recording before.
    if (session && !session.ending) void post(sessionUrl(session, "finish"), session.uploadToken, null);
    clearSession();
    const started = await startSession(apiBase, grant);
    await whenBody();
    if ("problem" in started) {
      new Badge().notice(`This recording could not be started: ${started.problem}`, 60_000);
      return;
    }
    session = started;
    queue = [];
  }
  if (!session) return;
  if (Date.now() > Date.parse(session.expiresAt)) return clearSession();
  session.privacy = withDefaults(session.privacy);

  await whenBody();
  const recorder = new Recorder(session, new Badge(), queue); // its uploader stores the session
  if (session.ending) return void recorder.resumeEnding();
  recorder.start();
}

void main();
