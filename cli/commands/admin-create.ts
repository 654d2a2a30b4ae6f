import { randomBytes } from "node:crypto";
import { parseFlags } from "../args";
import { createUser } from "@/lib/users/create-user";

export async function adminCreateCommand(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
  });
  if (!flags.email) {
    console.error("Usage: npx glimpse admin create --email you@example.com [--name N] [--password P]");
    return 2;
  }
  const generated = !flags.password && !process.env.GLIMPSE_ADMIN_PASSWORD;
  const password = flags.password ?? process.env.GLIMPSE_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
  const role = flags.role === "agent" ? "agent" : "admin";
  const user = await createUser({
    input: { email: flags.email, name: flags.name ?? flags.email.split("@")[0]!, password, role },
    actor: { type: "system", label: "cli" },
  });
  console.log(`✓ Created ${user.role} ${user.email}`);
  if (generated) console.log(`  Password (shown once): ${password}`);
  return 0;
}
