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

  it("refuses the 11th attempt after ten failures from one address", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await authorizeCredentials({ email: `nobody${i}@example.test`, password: "x" }, "attacker")).toBeNull();
    }
    await expect(authorizeCredentials({ email: "two@example.test", password }, "attacker")).rejects.toBeInstanceOf(LoginRateLimitedError);
  });
});
