import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";
import { createUser } from "@/lib/users/create-user";

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** One admin and one agent, each with an API key, plus the demo site. For route handler tests. */
export async function seedActors() {
  const system = { type: "system" as const, label: "test" };
  const site = await ensureDemoSite();
  const stamp = Math.random().toString(36).slice(2, 8);
  const admin = await createUser({ email: `admin-${stamp}@example.test`, name: "Admin", password: "correct horse battery", role: "admin" }, system);
  const agent = await createUser({ email: `agent-${stamp}@example.test`, name: "Agent", password: "correct horse battery", role: "agent" }, system);
  const { key: adminKey } = await createApiKey(admin.id, "admin key", system);
  const { key: agentKey } = await createApiKey(agent.id, "agent key", system);
  return { site, admin, agent, adminKey, agentKey };
}

/** Calls a route handler the way Next.js does, with an optional API key and JSON body. */
export async function call(
  handler: THandler,
  opts: { method?: string; path?: string; key?: string; body?: unknown; rawBody?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const req = new Request(`http://glimpse.test${opts.path ?? "/"}`, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as any) : null, headers: res.headers };
}

export async function auditActions() {
  return (await db.auditEntry.findMany({ orderBy: { id: "asc" } })).map((e) => e.action);
}
