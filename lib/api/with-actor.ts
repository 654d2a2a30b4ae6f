import "server-only";
import type { TStaffActor } from "../audit/actor";
import { AppError } from "../errors";
import { resolveActor } from "./resolve-actor";
import type { TParams, TRouteArgs } from "./with-errors";

export type TRole = "agent" | "admin";

/** Staff APIs: a session or an API key with `role` (admins can do everything agents can). */
export function withActor<P extends TParams = TParams>(
  role: TRole,
  handler: (args: TRouteArgs<P> & { actor: TStaffActor }) => Promise<Response>,
) {
  return async (args: TRouteArgs<P>) => {
    // They hold tickets, people and audit entries: never cached, errors included.
    args.headers.set("cache-control", "no-store");
    const actor = await resolveActor(args.req);
    if (role === "admin" && actor.role !== "admin") throw new AppError("forbidden", "Only admins can do this.");
    return handler({ ...args, actor });
  };
}
