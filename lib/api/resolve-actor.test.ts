import { describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/create-api-key";
import { db } from "../db";
import { createUser } from "../users/create-user";
import { resolveActor } from "./resolve-actor";

const system = { type: "system" as const };
const get = (path: string, authorization?: string) =>
  new Request(`http://glimpse.test${path}`, { headers: authorization ? { authorization } : {} });

describe("resolveActor with an API key", () => {
  it("acts with the owner's role and audits every use, reads included", async () => {
    const user = await createUser({ input: { email: "bot-owner@example.com", name: "Owner", password: "long enough password", role: "agent" }, actor: system });
    const { key, apiKey } = await createApiKey({ userId: user.id, name: "helpdesk sync", actor: system });

    const actor = await resolveActor(get("/api/v1/tickets?status=open", `Bearer ${key}`));
    expect(actor).toMatchObject({ type: "apiKey", id: apiKey.id, role: "agent", userId: user.id });

    const used = await db.auditEntry.findMany({ where: { action: "apiKey.used", actorId: apiKey.id } });
    expect(used).toHaveLength(1);
    expect(JSON.parse(used[0]!.details)).toEqual({ method: "GET", path: "/api/v1/tickets" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();
  });

  it("refuses malformed, unknown and revoked keys with 401, and audits nothing for them", async () => {
    const user = await createUser({ input: { email: "revoked-owner@example.com", name: "Owner", password: "long enough password" }, actor: system });
    const { key, apiKey } = await createApiKey({ userId: user.id, name: "old", actor: system });
    await db.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    const before = await db.auditEntry.count();
    for (const header of [`Bearer ${key}`, "Bearer glk_unknown", `Basic ${key}`, "Bearer"]) {
      await expect(resolveActor(get("/api/v1/tickets", header))).rejects.toMatchObject({ code: "unauthorized" });
    }
    expect(await db.auditEntry.count()).toBe(before);
  });
});
