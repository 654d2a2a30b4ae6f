import "server-only";
import type { UserRole } from "../db/models";

type TUserRow = { id: string; email: string; name: string; role: UserRole; disabledAt: Date | null; createdAt: Date };

export function serializeUser(u: TUserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export type TUserView = ReturnType<typeof serializeUser>;
