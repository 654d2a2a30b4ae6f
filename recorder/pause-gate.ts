const META = 4;

// After a pause nothing is buffered until a new checkpoint's Meta: an earlier event could depend on DOM changes lost in the gap.
export class PauseGate {
  private state: "open" | "paused" | "awaiting" = "open";

  constructor(private takeCheckpoint: () => void) {}

  pause() {
    this.state = "paused";
  }

  admit(type: number, full: () => boolean): boolean {
    if (this.state === "paused") {
      if (full()) return false;
      if (type !== META) {
        this.state = "awaiting";
        this.takeCheckpoint();
        return false;
      }
    } else if (this.state === "awaiting" && type !== META) {
      return false;
    }
    this.state = "open";
    return true;
  }
}
