import "server-only";
import { toErrorResponse } from "../errors";

export type TParams = Record<string, string>;
type TRouteContext = { params: Promise<TParams> };

/** `headers` go on the answer, error or not, unless the handler set them itself. */
export type TRouteArgs<P extends TParams = TParams> = { req: Request; params: P; headers: Headers };

/** The outermost wrapper of every route handler: the route's params, and `{ error: { code, message } }` for anything thrown. */
export function withErrors<P extends TParams = TParams>(handler: (args: TRouteArgs<P>) => Promise<Response>) {
  return async (req: Request, ctx: TRouteContext) => {
    const headers = new Headers();
    let res: Response;
    try {
      res = await handler({ req, params: ((await ctx?.params) ?? {}) as P, headers });
    } catch (error) {
      res = toErrorResponse(error);
    }
    headers.forEach((value, name) => {
      if (!res.headers.has(name)) res.headers.set(name, value);
    });
    return res;
  };
}
