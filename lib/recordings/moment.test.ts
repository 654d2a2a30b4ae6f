import { describe, expect, it } from "vitest";
import { eventMoment, formatMoment, momentUrl, parseMoment } from "./moment";

describe("moments in console links", () => {
  it("reads the forms an agent writes", () => {
    expect(parseMoment("1m23s")).toBe(83_000);
    expect(parseMoment("83s")).toBe(83_000);
    expect(parseMoment("83")).toBe(83_000);
    expect(parseMoment("1h2m3s")).toBe(3_723_000);
    expect(parseMoment("2m")).toBe(120_000);
  });

  it("ignores anything else", () => {
    for (const t of ["", "abc", "1m23x", "-5", "1.5s", "m", "s", null, undefined]) expect(parseMoment(t)).toBeNull();
  });

  it("writes whole seconds and reads back the same moment", () => {
    expect(formatMoment(83_999)).toBe("1m23s");
    expect(formatMoment(5_000)).toBe("5s");
    expect(formatMoment(3_723_000)).toBe("1h2m3s");
    expect(formatMoment(-10)).toBe("0s");
    for (const ms of [0, 59_000, 60_000, 3_599_000, 3_600_000, 7_384_000]) expect(parseMoment(formatMoment(ms))).toBe(ms);
  });

  it("builds the console link", () => {
    expect(momentUrl("https://glimpse.example/", "rec_1", 83_000)).toBe("https://glimpse.example/recordings/rec_1?t=1m23s");
  });
});

describe("moments of events", () => {
  it("links an event at the first whole second at or after it", () => {
    expect(eventMoment(3_456)).toBe(4_000);
    expect(eventMoment(3_000)).toBe(3_000);
    expect(eventMoment(0)).toBe(0);
    expect(eventMoment(-5)).toBe(0);
    expect(formatMoment(eventMoment(82_001))).toBe("1m23s");
  });
});
