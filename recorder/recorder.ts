import { record } from "@rrweb/record";
import { ALIVE_EVERY_MS, CustomTag, FLUSH_MS, LIVE_FLUSH_MS, type TStopReason } from "../lib/recorder-sessions/contract";
import { Badge } from "./badge";
import { captureConsole, captureNetwork } from "./capture";
import { guardMutations } from "./mutation-guard";
import { PauseGate } from "./pause-gate";
import { recordPointerRest } from "./pointer-rest";
import { EventType } from "../lib/rrweb/types";
import { recordOptions, textClassifier, withDefaults } from "./record-options";
import { scrubEvent, type TScrubContext } from "./scrub-event";
import { clearSession, loadState, saveState, type TBatch, type TSession, takeGrant } from "./session";
import { exchangeGrant, finishNow, settle } from "./session-api";
import { Uploader } from "./uploader";
import { currentPage, watchHistory } from "./watch-history";

const FLUSH_PAST_CHARS = 256 * 1024;

type TEvent = { type: number; data: any; timestamp: number };

const script = document.currentScript as HTMLScriptElement | null;
const whenBody = () =>
  document.body ? Promise.resolve() : new Promise<void>((r) => document.addEventListener("DOMContentLoaded", () => r(), { once: true }));

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
  private scrub: TScrubContext;

  constructor(
    private session: TSession,
    private badge: Badge,
    queue: TBatch[],
  ) {
    const { privacy } = session;
    this.scrub = { privacy, elementOf: (id) => record.mirror.getNode(id) as Element | null, classOf: textClassifier(privacy) };
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
    this.badge.recording(this.session.ticketRef, () => void this.finish(), () => void this.withdraw());
    const isActive = () => this.active;
    const emit = (e: TEvent) => this.push(e);
    // Created before rrweb's observer, so that it sees each batch first.
    this.guard = guardMutations(() => void this.finish("mutation_limit"));
    captureConsole(session.privacy, emit, isActive);
    captureNetwork(session.privacy, emit, isActive, session.apiBase);
    recordPointerRest(emit, (node) => record.mirror.getId(node as Node));
    this.stopRecording = record({
      ...recordOptions(session.privacy, this.scrub.classOf),
      emit: (event: TEvent) => this.onRrwebEvent(event),
    });
    watchHistory((href) => this.emitCustom(CustomTag.Nav, { href }));
    this.flushEvery(FLUSH_MS);
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
    scrubEvent(event, this.scrub);
    // A batch always starts at a checkpoint, so no batch splits a Meta from its FullSnapshot.
    if (event.type === EventType.Meta) this.flush();
    this.push(event);
    if (event.type === EventType.FullSnapshot && !this.navSent) {
      this.navSent = true;
      // rrweb creates its mutation observer right after this snapshot, in the same task.
      setTimeout(() => this.active && this.guard?.arm());
      this.emitCustom(CustomTag.Nav, { href: currentPage() });
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

  private emitCustom(tag: CustomTag, payload: unknown) {
    this.push({ type: EventType.Custom, timestamp: Date.now(), data: { tag, payload } });
  }

  /** The server asks for a faster pace while an agent follows the recording live. */
  private flushEvery(ms: number | undefined) {
    if (!this.active || !ms || ms === this.flushMs) return;
    const faster = this.flushTimer !== undefined && ms < this.flushMs;
    this.flushMs = Math.min(Math.max(ms, LIVE_FLUSH_MS), FLUSH_MS);
    clearInterval(this.flushTimer);
    this.flushTimer = setInterval(() => this.flush(), this.flushMs);
    if (faster) this.flush();
  }

  private flush(pump = true) {
    if (this.buffer.length === 0 && Date.now() - this.lastPushAt >= ALIVE_EVERY_MS) this.emitCustom(CustomTag.Alive, {});
    if (this.buffer.length === 0) return;
    const body = `[${this.buffer.join(",")}]`;
    this.buffer = [];
    this.bufferChars = 0;
    if (this.uploader.full) return this.gate.pause();
    this.uploader.enqueue(body, pump);
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
    this.emitCustom(CustomTag.Nav, { href: currentPage() });
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

  // Uploads everything before the finish: a finish sent at pagehide could overtake the last batches.
  async finish(reason?: TStopReason) {
    if (this.session.ending) return;
    if (reason) this.emitCustom(CustomTag.Stopped, { reason });
    this.halt();
    this.flush();
    this.session.ending = "finish";
    this.uploader.persist();
    this.uploader.pump();
    this.badge.finishing(reason, () => void this.withdraw());
    try {
      await this.uploader.drained();
    } catch {
      return; // the uploader said why, or the customer deleted the recording meanwhile
    }
    await settle(this.session, "finish");
    if (this.session.ending !== "finish") return;
    this.close();
    this.badge.finished(reason);
  }

  async withdraw() {
    if (this.session.ending === "withdraw") return;
    this.halt();
    this.buffer = [];
    this.uploader.drop();
    this.session.ending = "withdraw";
    saveState(this.session, []);
    this.badge.deleting();
    const outcome = await settle(this.session, "withdraw");
    this.close();
    this.badge.deleted(outcome === "ok");
  }

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
    this.badge.ended(outcome);
    if (outcome === "rejected") finishNow(this.session);
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
    if (session && !session.ending) finishNow(session);
    clearSession();
    const started = await exchangeGrant(apiBase, grant);
    await whenBody();
    if ("problem" in started) return new Badge().notStarted(started.problem);
    session = started;
    queue = [];
  }
  if (!session) return;
  if (Date.now() > Date.parse(session.expiresAt)) return clearSession();
  session.privacy = withDefaults(session.privacy);

  await whenBody();
  const recorder = new Recorder(session, new Badge(session.badge), queue); // its uploader stores the session
  if (session.ending) return void recorder.resumeEnding();
  recorder.start();
}

void main();
