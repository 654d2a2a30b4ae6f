import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,app,components,cli,recorder,scripts}/**/*.test.ts", "tests/server/**/*.test.ts", "tests/repo/**/*.test.ts", "*.test.ts"],
    globalSetup: ["tests/vitest/global-setup.ts"],
    setupFiles: ["tests/vitest/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
