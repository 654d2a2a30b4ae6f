import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { serializeUser } from "./serialize-user";

export const ZUpdateUserSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(["admin", "agent"]).optional(),
  disabled: z.boolean().optional(),
});
export type TUpdateUser = z.infer<typeof ZUpdateUserSchema>;

/** Sessions and API keys are re-checked against `disabledAt` on every request; nobody can lock themselves out, and the last active admin stays an admin. */
export async function updateUser({ userId, input, actor }: { userId: string; input: TUpdateUser; actor: TActor & { userId?: string } }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "No such user.");
    const demotes = input.role === "agent" && user.role === "admin";
    const disables = input.disabled === true && !user.disabledAt;
    if (actor.userId === userId && (demotes || disables)) {
      throw new AppError("conflict", "You cannot disable yourself or remove your own admin role.");
    }
    if (user.role === "admin" && !user.disabledAt && (demotes || disables)) {
      const admins = await tx.user.count({ where: { role: "admin", disabledAt: null } });
      if (admins <= 1) throw new AppError("conflict", "Glimpse needs at least one active admin.");
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (user.disabledAt ?? new Date()) : null } : {}),
        // Disabling ends every session now, and re-enabling does not bring the old ones back.
        ...(disables ? { sessionEpoch: { increment: 1 } } : {}),
      },
    });
    const action = input.disabled === true ? "user.disabled" : input.disabled === false ? "user.enabled" : "user.updated";
    await appendAudit(tx, {
      actor,
      action,
      details: { userId, email: user.email, ...input },
    });
    return serializeUser(updated);
  });
}
