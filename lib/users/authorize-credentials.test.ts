import { beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials, LoginRateLimitedError } from "../auth";
import { createUser } from "./create-user";

const system = { type: "system" as const };
const password = "a long enough password";

beforeAll(async () => {
  await createUser({ email: "one@example.test", name: "One", password, role: "agent" }, system);
  await createUser({ email: "two@example.test", name: "Two", password, role: "agent" }, system);
});

describe("sign-in rate limit", () => {
  it("does not count successful sign-ins: a team behind one address can keep signing in", async () => {
    for (let i = 0; i < 15; i++) {
      const email = i % 2 ? "one@example.test" : "two@example.test";
      expect(await authorizeCredentials({ email, password }, "shared-ip")).toMatchObject({ email });
    }
  });

  it("refuses the 11th attempt after ten failures for one email, even with the right password", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await authorizeCredentials({ email: "one@example.test", password: `wrong ${i}` }, `ip-${i}`)).toBeNull();
    }
    await expect(authorizeCredentials({ email: "one@example.test", password }, "ip-fresh")).rejects.toBeInstanceOf(LoginRateLimitedError);
  });

  it("refuses the 51st attempt after fifty failures from one known address", async () => {
    for (let i = 0; i < 50; i++) {
      expect(await authorizeCredentials({ email: `nobody${i}@example.test`, password: "x" }, "203.0.113.7")).toBeNull();
    }
    await expect(authorizeCredentials({ email: "two@example.test", password }, "203.0.113.7")).rejects.toBeInstanceOf(LoginRateLimitedError);
  });

  it("does not let failures from the shared, unknown address lock other users out", async () => {
    for (let i = 0; i < 60; i++) {
      expect(await authorizeCredentials({ email: `guess${i}@example.test`, password: "x" }, "local")).toBeNull();
    }
    expect(await authorizeCredentials({ email: "two@example.test", password }, "local")).toMatchObject({ email: "two@example.test" });
  });
});
