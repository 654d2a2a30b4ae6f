import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A React form sent before hydration is sent by the browser itself: without method="post" as a GET, with every field,
// passwords and secrets too, in the URL (the sign-in page did that until it said so). tests/e2e/06-access.spec.ts
// proves it for the sign-in page; this keeps every other client form from forgetting.
const root = path.resolve(import.meta.dirname, "../..");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe("client forms", () => {
  it("every form handled in the browser says method=\"post\"", () => {
    const forms = ["app", "components"].flatMap((d) => files(path.join(root, d))).flatMap((file) =>
      (readFileSync(file, "utf8").match(/<form\b[^>]*>/g) ?? []).filter((tag) => tag.includes("onSubmit=")).map((tag) => ({ file: path.relative(root, file), tag })),
    );
    expect(forms.length).toBeGreaterThanOrEqual(13);
    expect(forms.filter((f) => !f.tag.includes('method="post"'))).toEqual([]);
  });
});
