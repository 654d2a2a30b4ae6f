import { readFileSync } from "node:fs";
import path from "node:path";

export type TE2EEnv = {
  DATABASE_URL: string;
  GLIMPSE_BASE_URL: string;
  GLIMPSE_MASTER_KEY: string;
  AUTH_SECRET: string;
  dataDir: string;
};

export const E2E_PORT = Number(process.env.E2E_PORT || 3100);

/** What scripts/e2e-server.mjs wrote for the server under test: its database, keys and base URL. */
export function readE2EEnv(port = E2E_PORT): TE2EEnv {
  const file = path.resolve(import.meta.dirname, "../../../test-results", `e2e-env-${port}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as TE2EEnv;
}
