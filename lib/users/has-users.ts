import "server-only";
import { db } from "../db";

/** Whether the first admin exists yet: until then every page leads to /setup. */
export async function hasUsers(): Promise<boolean> {
  return (await db.user.count()) > 0;
}
