import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { request, type APIRequestContext } from "@playwright/test";
import { readE2EEnv } from "./e2e-env";

const root = path.resolve(import.meta.dirname, "../../..");

/** Runs `npx glimpse …` against the e2e server's database and returns what it printed. */
export function runCli(args: string[]): string {
  const env = readE2EEnv();
  return execFileSync(process.execPath, [path.join(root, "bin/glimpse.mjs"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: env.DATABASE_URL,
      GLIMPSE_MASTER_KEY: env.GLIMPSE_MASTER_KEY,
      AUTH_SECRET: env.AUTH_SECRET,
      GLIMPSE_BASE_URL: env.GLIMPSE_BASE_URL,
    },
  });
}

export type TSeededUser = { email: string; password: string; name: string; role: "admin" | "agent" };

/** A fresh user straight in the database (no /setup needed), with a unique email. */
export function createUser(role: "admin" | "agent" = "agent", name = role === "admin" ? "E2E Admin" : "E2E Agent"): TSeededUser {
  const email = `${role}-${randomBytes(4).toString("hex")}@e2e.test`;
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  runCli(["admin", "create", "--email", email, "--name", name, "--password", password, "--role", role]);
  return { email, password, name, role };
}

/** An API key acting as `email`; printed once by the CLI, on its last line. */
export function createApiKey(email: string, name = "e2e"): string {
  const out = runCli(["api-key", "create", "--name", name, "--email", email]).trim().split("\n");
  const key = out[out.length - 1]!.trim();
  if (!key.startsWith("glk_")) throw new Error(`Unexpected CLI output: ${out.join("\n")}`);
  return key;
}

export function createAdminAndApiKey() {
  const user = createUser("admin");
  return { ...user, key: createApiKey(user.email) };
}

export function createAgentAndApiKey() {
  const user = createUser("agent");
  return { ...user, key: createApiKey(user.email) };
}

/** An HTTP client for the staff API, authenticated with `key`. Dispose it when done. */
export function apiClient(key: string): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: readE2EEnv().GLIMPSE_BASE_URL,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
}
