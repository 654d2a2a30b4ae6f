import "server-only";
import { bearerToken } from "../http/bearer-token";
import { uploadOrigins } from "../recorder-sessions/authorize-upload";
import { originNotAllowed } from "../recorder-sessions/recorder-origins";
import { RecorderHeader } from "../recorder-sessions/contract";
import type { TParams, TRouteArgs } from "./with-errors";
import { withErrors } from "./with-errors";

type TOrigins<P extends TParams> = (params: P, req: Request) => Promise<string[]>;

export function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": `authorization, content-type, content-encoding, ${RecorderHeader.Seq}`,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

// An unlisted Origin gets 403 without CORS headers; every other answer, errors included, carries them so the recorder can read why an upload failed.
export function withRecorderCors<P extends TParams = TParams>(origins: TOrigins<P>, handler: (args: TRouteArgs<P>) => Promise<Response>) {
  return async (args: TRouteArgs<P>) => {
    const origin = args.req.headers.get("origin");
    if (!origin || !(await origins(args.params, args.req)).includes(origin)) throw originNotAllowed();
    for (const [name, value] of Object.entries(corsHeaders(origin))) args.headers.set(name, value);
    return handler(args);
  };
}

// A preflight that cannot look up its origins is refused like a foreign origin.
export const recorderPreflight = <P extends TParams = TParams>(origins: TOrigins<P>) =>
  withErrors(
    withRecorderCors<P>(
      (params, req) => origins(params, req).catch(() => []),
      async () => new Response(null, { status: 204 }),
    ),
  );

export const uploadTokenOrigins = (params: { id: string }, req: Request) =>
  uploadOrigins({ recordingId: params.id, uploadToken: bearerToken(req.headers.get("authorization")) });
