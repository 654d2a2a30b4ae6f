import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { hashPassword } from "./password";

export const ZCreateUserSchema = z.strictObject({
  email: z.email().max(320).transform((v) => v.toLowerCase()),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(12, "must be at least 12 characters").max(1024),
  role: z.enum(["admin", "agent"]).default("agent"),
});
export type TCreateUser = z.input<typeof ZCreateUserSchema>;

export async function createUser(opts: { input: TCreateUser; actor: TActor; onlyIfFirst?: boolean }) {
  const { actor, onlyIfFirst } = opts;
  const input = ZCreateUserSchema.parse(opts.input);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // Checked inside the transaction: two set-up forms sent at once must not make two admins.
    if (onlyIfFirst && (await tx.user.count()) > 0) {
      throw new AppError("conflict", "Glimpse is already set up; sign in instead.");
    }
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new AppError("conflict", "A user with this email already exists.");
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash },
    });
    await appendAudit(tx, {
      actor,
      action: "user.created",
      details: { userId: user.id, email: user.email, role: user.role },
    });
    return user;
  });
}

/** First-run set-up: creates the first admin, and only while there are no users at all. */
export async function createFirstAdmin(raw: Omit<TCreateUser, "role">) {
  return createUser({ input: { ...raw, role: "admin" }, actor: { type: "system", label: "first-run setup" }, onlyIfFirst: true });
}
