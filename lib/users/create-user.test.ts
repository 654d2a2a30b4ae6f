import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createFirstAdmin } from "./create-user";

describe("first-run setup", () => {
  it("creates exactly one admin when two set-up forms are sent at once", async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ email: "a-first@example.com", name: "A", password: "a long password one" }),
      createFirstAdmin({ email: "b-first@example.com", name: "B", password: "a long password two" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await db.user.count()).toBe(1);
  });
});
