import "server-only";
import { BlockList, isIP } from "node:net";

/** GLIMPSE_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges; null when an entry is neither. */
export function parseTrustedProxies(value: string | undefined): BlockList | null {
  const list = new BlockList();
  for (const entry of (value ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address, prefix, extra] = entry.split("/");
    const version = isIP(address ?? "");
    if (!version || extra !== undefined) return null;
    const type = version === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (version === 4 ? 32 : 128)) return null;
    list.addSubnet(address!, bits, type);
  }
  return list;
}
