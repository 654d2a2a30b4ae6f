import "server-only";
import { db } from "../db";
import { serializeUser } from "./serialize-user";

export async function listUsers() {
  const users = await db.user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(serializeUser);
}
