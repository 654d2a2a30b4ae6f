// Types for build.mjs, for the tests that build the production server.
export function buildIfNeeded(opts?: { distDir?: string; force?: boolean }): void;
