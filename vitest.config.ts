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
    // Vitest's default on two cores is one file at a time; most files wait on a database, a child
    // process or a socket, so two at once use the machine better.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
