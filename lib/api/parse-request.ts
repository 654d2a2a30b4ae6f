import "server-only";
import type { z } from "zod";
import { AppError } from "../errors";
import { parseJsonText, readBody } from "../http/read-body";

const MAX_JSON_BYTES = 256 * 1024;

/** Bad JSON is 400; a body that fails the schema is 422. */
export async function parseJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  const text = (await readBody(req, { maxBytes: MAX_JSON_BYTES })).toString("utf8");
  if (text.trim() === "") return schema.parse({});
  if (type && !type.includes("json")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  return schema.parse(parseJsonText(text));
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const url = new URL(req.url);
  return schema.parse(Object.fromEntries(url.searchParams));
}
