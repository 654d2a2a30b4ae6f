const META = 4;

/**
 * Which events the recorder buffers around a pause. While the upload queue is full nothing is
 * buffered. Once it has room again, the recorder asks rrweb for a checkpoint and buffers nothing
 * until that checkpoint's Meta arrives: an event from before it could depend on DOM changes lost
 * in the gap, and would be stored without a Meta and FullSnapshot to replay it on.
 */
export class PauseGate {
  private state: "open" | "paused" | "awaiting" = "open";

  constructor(private takeCheckpoint: () => void) {}

  pause() {
    this.state = "paused";
  }

  /** Whether to buffer an event of this type; `full` tells whether the upload queue is still full. */
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
