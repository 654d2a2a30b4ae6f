import { afterEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { API_KEY_LIMIT, apiKeyLimiter } from "./resolve-actor";
import { withActor } from "./with-actor";
import { withErrors } from "./with-errors";

const ping = withErrors(withActor("agent", async () => Response.json({ ok: true })));

afterEach(() => {
  vi.useRealTimers();
});

describe("withActor with an API key", () => {
  it(`answers 429 with Retry-After past ${API_KEY_LIMIT.limit} requests a minute per key, without auditing them, and lets the key go on next minute`, async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T12:00:00Z") });
    const { adminKey, agentKey } = await seedActors();
    // All but the last of the minute's requests are counted directly: 600 audited requests take long.
    const { id } = await db.apiKey.findUniqueOrThrow({ where: { keyHash: sha256Hex(agentKey) } });
    for (let i = 1; i < API_KEY_LIMIT.limit; i++) apiKeyLimiter.hit(id);
    expect((await call(ping, { path: "/api/v1/ping", key: agentKey })).status).toBe(200);
    const audited = await db.auditEntry.count({ where: { action: "apiKey.used" } });

    vi.setSystemTime(new Date("2026-12-01T12:00:45Z"));
    const limited = await call(ping, { path: "/api/v1/ping", key: agentKey });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(typeof limited.json.error.message).toBe("string");
    expect(limited.headers.get("retry-after")).toBe("15");
    expect(limited.headers.get("cache-control")).toBe("no-store");
    expect(await db.auditEntry.count({ where: { action: "apiKey.used" } })).toBe(audited);

    expect((await call(ping, { path: "/api/v1/ping", key: adminKey })).status).toBe(200);
    vi.setSystemTime(new Date("2026-12-01T12:01:00Z"));
    expect((await call(ping, { path: "/api/v1/ping", key: agentKey })).status).toBe(200);
  });
});
