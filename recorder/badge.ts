import type { TStopReason } from "../lib/recorder-sessions/contract";
import { BADGE_SELECTOR } from "./record-options";

const STYLE = `
:host { all: initial; }
.b { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: calc(100vw - 32px);
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 10px 14px;
  background: #111827; color: #f9fafb; border-radius: 10px; box-shadow: 0 4px 16px rgba(0,0,0,.3);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: #ef4444; flex: none; }
.dot.off { background: #9ca3af; }
button { font: inherit; color: #f9fafb; background: transparent; border: 1px solid #6b7280;
  border-radius: 6px; padding: 2px 10px; cursor: pointer; }
button:hover { background: #374151; }
button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
`;

type TAction = { label: string; run: () => void };

const STOPPED: Record<TStopReason, string> = {
  max_duration: "Recording stopped: it reached its maximum length.",
  mutation_limit: "Recording stopped: this page changes too quickly to record.",
  storage_full: "Recording stopped: this browser's storage for the site is full, so the recording cannot follow you to the next page.",
};
const DELETE = "Delete recording";

// In a closed shadow root (rrweb cannot see into it) on a host the recording blocks: never replayed.
export class Badge {
  private host = document.createElement("div");
  private box = document.createElement("div");

  constructor() {
    this.host.setAttribute(BADGE_SELECTOR.slice(1, -1), "");
    const root = this.host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.box.className = "b";
    this.box.setAttribute("role", "region");
    this.box.setAttribute("aria-label", "Session recording");
    root.append(style, this.box);
    document.body.append(this.host);
  }

  recording(ticketRef: string, finish: () => void, withdraw: () => void) {
    this.show(`Recording for support ticket #${ticketRef}`, [{ label: "Finish", run: finish }, { label: DELETE, run: withdraw }], true);
  }

  finishing(reason: TStopReason | undefined, withdraw: () => void) {
    this.show(reason ? `${STOPPED[reason]} Saving what was recorded…` : "Finishing the recording…", [{ label: DELETE, run: withdraw }]);
  }

  finished(reason: TStopReason | undefined) {
    this.notice(reason ? `${STOPPED[reason]} What was recorded is saved for your support ticket.` : "Recording finished. Thank you!", reason ? 60_000 : undefined);
  }

  deleting() {
    this.show("Deleting the recording…", []);
  }

  deleted(ok: boolean) {
    this.notice(ok ? "Recording deleted." : "This recording could not be deleted from here. Open your recording link again to delete it.");
  }

  ended(outcome: "ended" | "rejected") {
    this.notice(
      outcome === "ended"
        ? "This recording has ended. Nothing more is recorded."
        : "Recording stopped: the server refused part of it. Nothing more is recorded.",
    );
  }

  notStarted(problem: string) {
    this.notice(`This recording could not be started: ${problem}`, 60_000);
  }

  private show(message: string, actions: TAction[], live = false) {
    const dot = document.createElement("span");
    dot.className = live ? "dot" : "dot off";
    dot.setAttribute("aria-hidden", "true");
    const text = document.createElement("span");
    text.setAttribute("role", "status");
    text.textContent = actions.length ? `${message} —` : message;
    const parts: Node[] = [dot, text];
    actions.forEach((action, i) => {
      if (i > 0) parts.push(document.createTextNode("·"));
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.addEventListener("click", () => action.run());
      parts.push(button);
    });
    this.box.replaceChildren(...parts);
  }

  /** A final message that the customer can dismiss, and that goes away by itself. */
  private notice(message: string, hideAfterMs = 15_000) {
    this.show(message, [{ label: "Close", run: () => this.remove() }]);
    setTimeout(() => this.remove(), hideAfterMs);
  }

  remove() {
    this.host.remove();
  }
}
