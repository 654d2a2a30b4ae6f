import "server-only";
import { errorBody } from "../errors";

const MESSAGE = "The path holds a malformed percent-escape.";

// Next answers a bare 500 when a path segment does not decode (/r/%ZZ): the proxy answers 400 first.
export function refuseMalformedPath(pathname: string): Response | null {
  if (!pathname.includes("%")) return null;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return null;
  } catch {
    if (pathname.startsWith("/api/")) return Response.json(errorBody("bad_request", MESSAGE), { status: 400 });
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title></head><body><main><h1>Bad request</h1><p>${MESSAGE}</p></main></body></html>`;
    return new Response(page, { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  }
}
