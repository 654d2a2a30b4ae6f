import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { PEER_ADDRESS_HEADER, stampPeerAddress } from "./stamp-peer-address";
import { parseTrustedProxies } from "./trusted-proxies";

const headers = (peer: string | null, xff?: string) =>
  new Headers({ ...(peer !== null ? { [PEER_ADDRESS_HEADER]: peer } : {}), ...(xff !== undefined ? { "x-forwarded-for": xff } : {}) });

describe("clientAddress", () => {
  it("without configured proxies, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(clientAddress(headers("203.0.113.5", "198.51.100.1"), parseTrustedProxies(""))).toBe("203.0.113.5");
    expect(clientAddress(headers("::ffff:127.0.0.1", "10.0.0.1"), null)).toBe("127.0.0.1");
    expect(clientAddress(headers("::1", "1.2.3.4"), null)).toBe("::1");
  });

  it("is unknown (null) without the peer stamp; a forwarding header alone is never believed", () => {
    expect(clientAddress(headers(null, "198.51.100.1"), parseTrustedProxies("0.0.0.0/0"))).toBeNull();
    expect(clientAddress(headers("not an address", "198.51.100.1"), null)).toBeNull();
  });

  it("behind a trusted proxy, takes the rightmost hop that is not a trusted proxy", () => {
    const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.10, fd00::/8");
    // The client wrote "1.1.1.1" itself; the proxy appended the real address.
    expect(clientAddress(headers("10.0.0.2", "1.1.1.1, 203.0.113.9"), proxies)).toBe("203.0.113.9");
    expect(clientAddress(headers("192.168.1.10", "203.0.113.9, 10.1.2.3"), proxies)).toBe("203.0.113.9");
    expect(clientAddress(headers("fd00::1", "2001:db8::7"), proxies)).toBe("2001:db8::7");
    // A peer that is not a configured proxy cannot speak for anyone.
    expect(clientAddress(headers("198.51.100.7", "203.0.113.9"), proxies)).toBe("198.51.100.7");
    // Garbage from the left is never taken: the last good hop is.
    expect(clientAddress(headers("10.0.0.2", "evil, 10.0.0.3"), proxies)).toBe("10.0.0.3");
    expect(clientAddress(headers("10.0.0.2"), proxies)).toBe("10.0.0.2");
  });

  it("parses GLIMPSE_TRUSTED_PROXIES strictly", () => {
    expect(parseTrustedProxies("")).not.toBeNull();
    expect(parseTrustedProxies("10.0.0.1, 172.16.0.0/12, ::1, 2001:db8::/32")).not.toBeNull();
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129", "10.0.0.0/x", "*"]) expect(parseTrustedProxies(bad), bad).toBeNull();
  });
});

describe("stampPeerAddress", () => {
  it("writes the socket's address into every request, replacing what the client sent", async () => {
    stampPeerAddress();
    stampPeerAddress(); // installing twice is harmless
    const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers[PEER_ADDRESS_HEADER] ?? null)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "198.51.100.66", "x-forwarded-for": "198.51.100.66" } });
      expect(await res.json()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
