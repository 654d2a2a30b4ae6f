import { parseArgs } from "node:util";

/** `--flag value` options, with repeatable ones collected into arrays. */
export function parseFlags<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean }>>(
  args: string[],
  options: T,
) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}
