import "server-only";
import { isIP, type BlockList } from "node:net";
import { env } from "../env";
import { PEER_ADDRESS_HEADER } from "./stamp-peer-address";
import { parseTrustedProxies } from "./trusted-proxies";

let trusted: BlockList | undefined;

// Only behind a trusted proxy, from the right up to the first untrusted hop: whatever a client writes further left is never believed.
export function clientAddress(headers: Headers, proxies: BlockList | null = trustedProxies()): string | null {
  const peer = normalize(headers.get(PEER_ADDRESS_HEADER) ?? "");
  if (!peer) return null;
  if (!proxies || !isTrusted(proxies, peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!);
    if (!hop) break;
    client = hop;
    if (!isTrusted(proxies, hop)) break;
  }
  return client;
}

function trustedProxies() {
  trusted ??= parseTrustedProxies(env().GLIMPSE_TRUSTED_PROXIES) ?? undefined;
  return trusted ?? null;
}

function isTrusted(proxies: BlockList, address: string) {
  return proxies.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

function normalize(value: string) {
  const address = value.trim().replace(/^\[(.*)\]$/, "$1").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return isIP(address) ? address : "";
}
