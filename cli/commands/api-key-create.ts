import { parseFlags } from "../args";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";

export async function apiKeyCreateCommand(args: string[]): Promise<number> {
  const flags = parseFlags(args, { name: { type: "string" }, email: { type: "string" } });
  if (!flags.name) {
    console.error("Usage: npx glimpse api-key create --name N [--email user@example.com]");
    return 2;
  }
  // The key acts with its owner's role: the named user, or else the first admin.
  const owner = flags.email
    ? await db.user.findUnique({ where: { email: flags.email.toLowerCase() } })
    : await db.user.findFirst({ where: { role: "admin", disabledAt: null }, orderBy: { createdAt: "asc" } });
  if (!owner) {
    console.error(flags.email ? `✗ No user ${flags.email}.` : "✗ There is no admin yet: run `npx glimpse admin create` first.");
    return 1;
  }
  const { key } = await createApiKey({ userId: owner.id, name: flags.name, actor: { type: "system", label: "cli" } });
  console.log(`✓ API key "${flags.name}" for ${owner.email} (${owner.role}). Shown once:\n${key}`);
  return 0;
}
