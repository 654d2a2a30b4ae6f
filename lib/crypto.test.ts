import { describe, expect, it } from "vitest";
import { decrypt, encrypt, newDataKey, newToken, safeEqual, sha256Hex } from "./crypto";

describe("crypto", () => {
  it("round-trips AES-256-GCM and refuses a tampered ciphertext or a wrong context", () => {
    const key = newDataKey();
    const sealed = encrypt(key, Buffer.from("hello"), "rec_1:0");
    expect(decrypt(key, sealed, "rec_1:0").toString()).toBe("hello");
    expect(() => decrypt(key, sealed, "rec_2:0")).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[14] = tampered[14]! ^ 1;
    expect(() => decrypt(key, tampered, "rec_1:0")).toThrow();
  });

  // IVs come from a pool that is refilled: a repeated IV under one key would break GCM, so no two may match, across refills too.
  it("never repeats an IV, and keeps each ciphertext intact once the pool is refilled", () => {
    const key = newDataKey();
    const sealed = Array.from({ length: 2000 }, (_, i) => encrypt(key, Buffer.from(`value ${i}`), "ctx"));
    expect(new Set(sealed.map((s) => s.subarray(0, 12).toString("hex"))).size).toBe(2000);
    sealed.forEach((s, i) => expect(decrypt(key, s, "ctx").toString()).toBe(`value ${i}`));
  });

  it("makes long random tokens and compares in constant time", () => {
    const a = newToken();
    expect(a).toHaveLength(43);
    expect(newToken()).not.toBe(a);
    expect(safeEqual(a, a)).toBe(true);
    expect(safeEqual(a, a.slice(1))).toBe(false);
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
