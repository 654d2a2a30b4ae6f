import type { z } from "zod";
import { AppError, toErrorResponse } from "../errors";
import { parseJsonText, readBody } from "../http/read-body";
import { resolveActor, type TStaffActor } from "./resolve-actor";

type TParams = Record<string, string>;
type TRouteContext = { params: Promise<TParams> };

export type TRole = "agent" | "admin";

type THandlerArgs<P extends TParams> = { req: Request; params: P; actor: TStaffActor };

/**
 * The one wrapper for staff APIs: authentication (session or API key), role check, the error
 * shape, and no-store on every answer (they hold tickets, people and audit entries).
 * Admins can do everything agents can.
 */
export function withActor<P extends TParams = TParams>(
  role: TRole,
  handler: (args: THandlerArgs<P>) => Promise<Response>,
) {
  return async (req: Request, ctx: TRouteContext) => {
    try {
      const actor = await resolveActor(req);
      if (role === "admin" && actor.role !== "admin") {
        throw new AppError("forbidden", "Only admins can do this.");
      }
      const params = ((await ctx?.params) ?? {}) as P;
      return noStore(await handler({ req, params, actor }));
    } catch (error) {
      return noStore(toErrorResponse(error));
    }
  };
}

function noStore(response: Response) {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

/** For routes without a staff actor (health, recorder, webhooks, consent): only the error shape. */
export function withErrors<P extends TParams = TParams>(
  handler: (args: { req: Request; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: TRouteContext) => {
    try {
      const params = ((await ctx?.params) ?? {}) as P;
      return await handler({ req, params });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

const MAX_JSON_BYTES = 256 * 1024;

/** Reads a JSON body and validates it. Bad JSON is 400; a body that fails the schema is 422. */
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
