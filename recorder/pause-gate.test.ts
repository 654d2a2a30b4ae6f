import { describe, expect, it, vi } from "vitest";
import { PauseGate } from "./pause-gate";

const META = 4, FULL_SNAPSHOT = 2, INCREMENTAL = 3, CUSTOM = 5;
const yes = () => true;
const no = () => false;

describe("PauseGate", () => {
  it("buffers everything while nothing paused the recorder", () => {
    const checkpoint = vi.fn();
    const gate = new PauseGate(checkpoint);
    expect([INCREMENTAL, CUSTOM, META, FULL_SNAPSHOT].map((t) => gate.admit(t, no))).toEqual([true, true, true, true]);
    expect(checkpoint).not.toHaveBeenCalled();
  });

  it("after a pause, drops every event until the Meta of the checkpoint it asked for", () => {
    const checkpoint = vi.fn();
    const gate = new PauseGate(checkpoint);
    gate.pause();
    expect(gate.admit(INCREMENTAL, yes)).toBe(false); // queue still full
    expect(checkpoint).not.toHaveBeenCalled();
    expect(gate.admit(INCREMENTAL, no)).toBe(false); // room again: a checkpoint is on its way
    expect(checkpoint).toHaveBeenCalledTimes(1);
    // Mutations, inputs and our own events that arrive before the checkpoint are not stored.
    expect([INCREMENTAL, CUSTOM, INCREMENTAL, FULL_SNAPSHOT].map((t) => gate.admit(t, no))).toEqual([false, false, false, false]);
    expect(gate.admit(META, no)).toBe(true);
    expect([FULL_SNAPSHOT, INCREMENTAL, CUSTOM].map((t) => gate.admit(t, no))).toEqual([true, true, true]);
    expect(checkpoint).toHaveBeenCalledTimes(1);
  });

  it("resumes on a checkpoint that arrives by itself, without asking for another", () => {
    const checkpoint = vi.fn();
    const gate = new PauseGate(checkpoint);
    gate.pause();
    expect(gate.admit(META, no)).toBe(true);
    expect(gate.admit(FULL_SNAPSHOT, no)).toBe(true);
    expect(checkpoint).not.toHaveBeenCalled();
  });
});
