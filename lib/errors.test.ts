import { describe, expect, it } from "vitest";
import { pgCode, toErrorResponse } from "./errors";

// How the pg adapter's errors reach us through Prisma: the SQLSTATE sits in meta.driverAdapterError.cause.
const prismaError = (originalCode: string, code = "P2010") => Object.assign(new Error("x"), { code, meta: { driverAdapterError: { cause: { originalCode } } } });

describe("PostgreSQL faults as answers", () => {
  it("finds the SQLSTATE however deep Prisma wrapped it, and never mistakes a Prisma code for one", () => {
    expect(pgCode(prismaError("53100"))).toBe("53100");
    expect(pgCode(Object.assign(new Error("x"), { code: "P2034" }))).toBeNull();
  });

  it("a full disk answers 507, and a conflict that outlasted every retry 503 with Retry-After", async () => {
    const full = toErrorResponse(prismaError("53100"));
    expect(full.status).toBe(507);
    expect((await full.json()).error.code).toBe("insufficient_storage");
    const poolTimeout = new Error("timeout exceeded when trying to connect");
    for (const error of [prismaError("40001"), Object.assign(new Error("x"), { code: "P2034" }), poolTimeout, Object.assign(new Error("wrapped"), { cause: poolTimeout })]) {
      const busy = toErrorResponse(error);
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("2");
    }
  });
});
