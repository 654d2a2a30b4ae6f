import "server-only";
import { db } from "./db";
import { env } from "./env";
import { ensureDemoSite } from "./sites/ensure-demo-site";
import { createUser } from "./users/create-user";

/** Once per process start, after migrations: the demo site, and the first admin from GLIMPSE_ADMIN_EMAIL/PASSWORD. */
export async function bootstrap() {
  const e = env();
  await ensureDemoSite();
  if (e.GLIMPSE_ADMIN_EMAIL && e.GLIMPSE_ADMIN_PASSWORD && (await db.user.count()) === 0) {
    await createUser({
      input: { email: e.GLIMPSE_ADMIN_EMAIL, name: "Admin", password: e.GLIMPSE_ADMIN_PASSWORD, role: "admin" },
      actor: { type: "system", label: "GLIMPSE_ADMIN_EMAIL" },
    });
  }
}
