import { BADGE_EN, type TBadgeText } from "../lib/recorder-sessions/badge-text";
import type { TStopReason } from "../lib/recorder-sessions/contract";
import { BADGE_SELECTOR } from "./record-options";

const STYLE = `:host{all:initial}
.b{position:fixed;right:16px;bottom:16px;z-index:2147483647;max-width:calc(100vw - 32px);display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;padding:10px 14px;background:#111827;color:#f9fafb;border-radius:10px;box-shadow:0 4px 16px rgba(0,0,0,.3);font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.dot{width:10px;height:10px;border-radius:50%;background:#ef4444;flex:none}
.dot.off{background:#9ca3af}
button{font:inherit;color:#f9fafb;background:transparent;border:1px solid #6b7280;border-radius:6px;padding:2px 10px;cursor:pointer}
button:hover{background:#374151}
button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}`;

type TAction = { label: string; run: () => void };

// In a closed shadow root (rrweb cannot see into it) on a host the recording blocks: never replayed.
export class Badge {
  private host = document.createElement("div");
  private box = document.createElement("div");
  constructor(private t: TBadgeText = BADGE_EN) {
    this.host.setAttribute(BADGE_SELECTOR.slice(1, -1), "");
    const root = this.host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.box.className = "b";
    this.box.setAttribute("role", "region");
    this.box.lang = this.t.lang;
    this.box.setAttribute("aria-label", this.t.region);
    root.append(style, this.box);
    document.body.append(this.host);
  }

  recording(ticketRef: string, finish: () => void, withdraw: () => void) {
    const { t } = this;
    this.show(t.recording + ticketRef, [{ label: t.finish, run: finish }, { label: t.delete, run: withdraw }], true);
  }

  finishing(reason: TStopReason | undefined, withdraw: () => void) {
    const { t } = this;
    this.show(reason ? t[reason] + t.saving : t.finishing, [{ label: t.delete, run: withdraw }]);
  }

  finished(reason: TStopReason | undefined) {
    const { t } = this;
    this.notice(reason ? t[reason] + t.saved : t.finished, reason ? 60_000 : undefined);
  }

  deleting() {
    this.show(this.t.deleting, []);
  }

  deleted(ok: boolean) {
    this.notice(ok ? this.t.deleted : this.t.notDeleted);
  }

  ended(outcome: "ended" | "rejected") {
    this.notice(this.t[outcome]);
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
    this.show(message, [{ label: this.t.close, run: () => this.remove() }]);
    setTimeout(() => this.remove(), hideAfterMs);
  }

  remove() {
    this.host.remove();
  }
}
