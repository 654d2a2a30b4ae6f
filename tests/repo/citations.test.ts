import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_DIRS = ["app", "cli", "components", "lib", "recorder", "scripts", "tests"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx|mjs)$/.test(name) ? [file] : [];
  });
}

const files = [...SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d))), ...["proxy.ts", "next.config.ts", "instrumentation.ts"].map((f) => path.join(ROOT, f))];
const comments = files.flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .map((line, i) => ({ where: `${path.relative(ROOT, file)}:${i + 1}`, line }))
    .filter(({ line }) => /^\s*(\/\/|\/\*|\*)/.test(line)),
);

describe("comments cite only what the repository holds", () => {
  it("no comment points at a design document, note or issue outside the repository", () => {
    const outside = comments.filter(({ line, where }) => !where.startsWith("tests/repo/") && /DESIGN\.md|rrweb-notes|design-review|scale-out\.md|helpdesk-webhooks\.md|\bissue \d+/i.test(line));
    expect(outside).toEqual([]);
  });

  it("every docs/ file a comment cites exists", () => {
    const cited = comments.flatMap(({ line, where }) => [...line.matchAll(/\bdocs\/[\w./-]+\.md/g)].map((m) => ({ where, doc: m[0] })));
    expect(cited.filter(({ doc }) => !existsSync(path.join(ROOT, doc)))).toEqual([]);
  });
});
