import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { authorizeCredentials, LoginRateLimitedError } from "../auth";
import { createUser } from "./create-user";

const system = { type: "system" as const };
const password = "a long enough password";

beforeAll(async () => {
  await createUser({ input: { email: "one@example.test", name: "One", password, role: "agent" }, actor: system });
  await createUser({ input: { email: "two@example.test", name: "Two", password, role: "agent" }, actor: system });
});

describe("sign-in rate limit", () => {
  it("does not count successful sign-ins: a team behind one address can keep signing in", async () => {
    for (let i = 0; i < 15; i++) {
      const email = i % 2 ? "one@example.test" : "two@example.test";
      expect(await authorizeCredentials({ credentials: { email, password }, ip: "shared-ip" })).toMatchObject({ email });
    }
  });

  it("never locks an account: failures from one address do not hold up the same account elsewhere", async () => {
    for (let i = 0; i < 20; i++) {
      await authorizeCredentials({ credentials: { email: "one@example.test", password: `wrong ${i}` }, ip: "198.51.100.1", now: Date.now() + i * 60_000 }).catch(() => null);
    }
    expect(await authorizeCredentials({ credentials: { email: "one@example.test", password }, ip: "198.51.100.2" })).toMatchObject({ email: "one@example.test" });
  });

  it("slows (account, address) down after three failures, doubling the wait, even for the right password", async () => {
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    const email = "two@example.test";
    const ip = "198.51.100.20";
    for (let i = 0; i < 3; i++) expect(await authorizeCredentials({ credentials: { email, password: "wrong" }, ip: ip, now: t0 + i })).toBeNull();
    // The fourth try must wait 1 s after the third failure; an early try does not count.
    await expect(authorizeCredentials({ credentials: { email, password }, ip: ip, now: t0 + 500 })).rejects.toBeInstanceOf(LoginRateLimitedError);
    expect(await authorizeCredentials({ credentials: { email, password: "wrong" }, ip: ip, now: t0 + 1002 })).toBeNull();
    // Now 2 s.
    await expect(authorizeCredentials({ credentials: { email, password }, ip: ip, now: t0 + 2500 })).rejects.toThrow(/Wait 1 second\b/);
    expect(await authorizeCredentials({ credentials: { email, password }, ip: ip, now: t0 + 3003 })).toMatchObject({ email });
    // A success clears the count.
    expect(await authorizeCredentials({ credentials: { email, password: "wrong" }, ip: ip, now: t0 + 3004 })).toBeNull();
    expect(await authorizeCredentials({ credentials: { email, password }, ip: ip, now: t0 + 3005 })).toMatchObject({ email });
  });

  it("caps the wait at five minutes", async () => {
    const t0 = Date.parse("2026-12-02T10:00:00Z");
    const email = "one@example.test";
    const ip = "198.51.100.30";
    let now = t0;
    for (let i = 0; i < 15; i++) {
      now += 5 * 60_000;
      expect(await authorizeCredentials({ credentials: { email, password: "wrong" }, ip: ip, now: now })).toBeNull();
    }
    await expect(authorizeCredentials({ credentials: { email, password }, ip: ip, now: now + 5 * 60_000 - 1 })).rejects.toBeInstanceOf(LoginRateLimitedError);
    expect(await authorizeCredentials({ credentials: { email, password }, ip: ip, now: now + 5 * 60_000 })).toMatchObject({ email });
  });

  it("refuses the 51st attempt after fifty failures from one known address", async () => {
    for (let i = 0; i < 50; i++) {
      expect(await authorizeCredentials({ credentials: { email: `nobody${i}@example.test`, password: "x" }, ip: "203.0.113.7" })).toBeNull();
    }
    await expect(authorizeCredentials({ credentials: { email: "two@example.test", password }, ip: "203.0.113.7" })).rejects.toBeInstanceOf(LoginRateLimitedError);
  });

  it("does not let failures from the shared, unknown address lock other users out", async () => {
    for (let i = 0; i < 60; i++) {
      expect(await authorizeCredentials({ credentials: { email: `guess${i}@example.test`, password: "x" }, ip: "local" })).toBeNull();
    }
    expect(await authorizeCredentials({ credentials: { email: "two@example.test", password }, ip: "local" })).toMatchObject({ email: "two@example.test" });
  });
});

describe("sign-in limits shared by every instance", () => {
  it("another instance (fresh module state, same database) sees the same failures, and no email or address is stored in clear", async () => {
    const email = "one@example.test";
    const ip = "203.0.113.77";
    const t0 = Date.now() + 3_600_000;
    for (let i = 0; i < 3; i++) expect(await authorizeCredentials({ credentials: { email, password: "wrong" }, ip, now: t0 + i })).toBeNull();
    vi.resetModules();
    const other = await import("../auth");
    await expect(other.authorizeCredentials({ credentials: { email, password }, ip, now: t0 + 100 })).rejects.toBeInstanceOf(other.LoginRateLimitedError);
    const rows = JSON.stringify(await db.throttle.findMany());
    expect(rows).not.toContain(email);
    expect(rows).not.toContain(ip);
  });
});
