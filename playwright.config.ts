import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// The Glimpse server under test, and a second origin that plays the operator's website. Glimpse is
// served at an address that is not `localhost`, as a real deployment is: whatever the server
// builds from its own address instead of GLIMPSE_BASE_URL breaks here (issue 8, item 1).
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
export const OPERATOR_PORT = Number(process.env.E2E_OPERATOR_PORT || E2E_PORT + 1);
export const E2E_HOST = "127.0.0.1";
export const BASE_URL = `http://${E2E_HOST}:${E2E_PORT}`;

const chromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  // Playwright empties its output folder on start; one per port, so parallel runs on other ports
  // do not wipe this run's server data in test-results/e2e-data-<port>.
  outputDir: `test-results/playwright-${E2E_PORT}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium where it exists; Playwright's own browser elsewhere.
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `${BASE_URL}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { E2E_PORT: String(E2E_PORT) },
    },
  ],
});
