// Types for the plain-Node helpers in lib.mjs, for the tests that use them.
export const root: string;
export const SERVER_NODE_ARGS: string[];
export function bin(name: string): string;
export function databaseUrl(): string;
export function migrate(env?: Record<string, string>): void;
export function checkConfig(): Promise<void>;
export function generateClient(): void;
export function sourceFingerprint(): string;
export function run(cmd: string, args: string[], opts?: Record<string, unknown>): unknown;
