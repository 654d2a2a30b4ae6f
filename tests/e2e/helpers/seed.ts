import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { request, type APIRequestContext } from "@playwright/test";
import { readE2EEnv, type TE2EEnv } from "./e2e-env";

const root = path.resolve(import.meta.dirname, "../../..");

/** The server whose database the CLI works on: by default the one Playwright started. */
export type TCliTarget = Pick<TE2EEnv, "DATABASE_URL" | "GLIMPSE_MASTER_KEY" | "AUTH_SECRET" | "GLIMPSE_BASE_URL">;

/** Runs `npx glimpse …` against the e2e server's database (or `env`'s) and returns what it printed. */
export function runCli(args: string[], env: TCliTarget = readE2EEnv()): string {
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
export function createUser(role: "admin" | "agent" = "agent", name = role === "admin" ? "E2E Admin" : "E2E Agent", target?: TCliTarget): TSeededUser {
  const email = `${role}-${randomBytes(4).toString("hex")}@e2e.test`;
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  runCli(["admin", "create", "--email", email, "--name", name, "--password", password, "--role", role], target);
  return { email, password, name, role };
}

/** An API key acting as `email`; printed once by the CLI, on its last line. */
export function createApiKey(email: string, name = "e2e", target?: TCliTarget): string {
  const out = runCli(["api-key", "create", "--name", name, "--email", email], target).trim().split("\n");
  const key = out[out.length - 1]!.trim();
  if (!key.startsWith("glk_")) throw new Error(`Unexpected CLI output: ${out.join("\n")}`);
  return key;
}

export function createAdminAndApiKey(target?: TCliTarget) {
  const user = createUser("admin", undefined, target);
  return { ...user, key: createApiKey(user.email, undefined, target) };
}

export function createAgentAndApiKey() {
  const user = createUser("agent");
  return { ...user, key: createApiKey(user.email) };
}

/** An HTTP client for the staff API, authenticated with `key`. Dispose it when done. */
export function apiClient(key: string, baseURL = readE2EEnv().GLIMPSE_BASE_URL): Promise<APIRequestContext> {
  return request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
}
