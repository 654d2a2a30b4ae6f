import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests run lib/ as the server does: "server-only" resolves to its empty server build.
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") } },
  test: {
    include: ["{lib,app,components,cli,recorder,scripts}/**/*.test.ts", "tests/server/**/*.test.ts", "tests/repo/**/*.test.ts", "*.test.ts"],
    globalSetup: ["tests/vitest/global-setup.ts"],
    setupFiles: ["tests/vitest/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
