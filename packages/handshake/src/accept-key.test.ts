import { describe, expect, it } from "vitest";
import { acceptKey, generateKey, isValidKey } from "./accept-key.js";

describe("RFC 6455 §1.3 Sec-WebSocket-Accept", () => {
  it("matches the RFC's worked example", () => {
    // "the server would ... return the value s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    expect(acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });
});

describe("RFC 6455 §4.1 Sec-WebSocket-Key", () => {
  it("is 16 random bytes, base64-encoded, fresh each time", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const key = generateKey();
      expect(key).toHaveLength(24);
      expect(Buffer.from(key, "base64")).toHaveLength(16);
      expect(isValidKey(key)).toBe(true);
      keys.add(key);
    }
    expect(keys.size).toBe(100);
  });

  it("isValidKey refuses what is not 16 bytes in base64", () => {
    expect(isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).toBe(true);
    expect(isValidKey("dGhlIHNhbXBsZSBub25jZQ")).toBe(false); // no padding
    expect(isValidKey("dGhlIHNhbXBsZSBub25jZR==")).toBe(false); // non-zero pad bits
    expect(isValidKey("dGhlIHNhbXBsZSBub25jZXg=")).toBe(false); // 17 bytes
    expect(isValidKey("dGhlIHNhbXBsZSBub25jZQ==\r\nX: y")).toBe(false);
    expect(isValidKey("")).toBe(false);
  });
});
