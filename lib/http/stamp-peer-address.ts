import "server-only";
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

export const PEER_ADDRESS_HEADER = "x-glimpse-peer-address";

const INSTALLED = Symbol.for("glimpse.stampPeerAddress");

// Route handlers never see the socket: its address goes in a header of our own, overwriting whatever a client sent.
export function stampPeerAddress() {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as http.Server & { [INSTALLED]?: true };
    if (proto[INSTALLED]) continue;
    const emit = proto.emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage & { socket: Socket | null };
        req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      }
      return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
    } as typeof proto.emit;
    proto[INSTALLED] = true;
  }
}
