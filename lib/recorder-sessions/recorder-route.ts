import { AppError, errorBody, toErrorResponse } from "../errors";

type TParams = Record<string, string>;
type TRouteContext = { params: Promise<TParams> };

const ALLOW_HEADERS = "authorization, content-type, content-encoding, x-glimpse-seq";

function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": ALLOW_HEADERS,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

/** Lets a handler name the origins that may call it, once it knows the site. */
export type TOriginCheck = (allowedOrigins: string[]) => void;

/**
 * The wrapper for the recorder endpoints, which the operator's pages call across origins. A
 * request is answered with CORS headers only once its Origin is found among the site's allowed
 * origins; any other Origin gets 403 and no CORS headers. Errors carry the CORS headers too, so
 * the recorder can read why an upload failed.
 */
export function recorderRoute<P extends TParams = TParams>(
  handler: (args: { req: Request; params: P; assertOrigin: TOriginCheck }) => Promise<Response>,
) {
  return async (req: Request, ctx: TRouteContext) => {
    const origin = req.headers.get("origin");
    let allowed: string | null = null;
    const assertOrigin: TOriginCheck = (origins) => {
      if (!origin || !origins.includes(origin)) {
        throw new AppError("forbidden", "This origin is not allowed to send recordings to Glimpse.");
      }
      allowed = origin;
    };
    let res: Response;
    try {
      const params = ((await ctx?.params) ?? {}) as P;
      res = await handler({ req, params, assertOrigin });
    } catch (error) {
      res = toErrorResponse(error);
    }
    if (allowed) for (const [k, v] of Object.entries(corsHeaders(allowed))) res.headers.set(k, v);
    return res;
  };
}

/** The OPTIONS preflight: 204 with CORS headers for an allowed origin, 403 without them otherwise. */
export function recorderPreflight<P extends TParams = TParams>(allowedOrigins: (params: P) => Promise<string[]>) {
  return async (req: Request, ctx: TRouteContext) => {
    const origin = req.headers.get("origin");
    let origins: string[] = [];
    try {
      origins = await allowedOrigins(((await ctx?.params) ?? {}) as P);
    } catch {
      origins = [];
    }
    if (!origin || !origins.includes(origin)) {
      return Response.json(errorBody("forbidden", "This origin is not allowed to send recordings to Glimpse."), { status: 403 });
    }
    return new Response(null, { status: 204, headers: corsHeaders(origin) });
  };
}
