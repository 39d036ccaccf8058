import { describe, expect, it } from "vitest";
import {
  DecryptError,
  decryptSecret,
  encryptSecret,
  generateKeySpec,
  needsRotation,
  parseKeyring,
} from "../../src/lib/crypto";

describe("secret encryption (AES-256-GCM with key ids)", () => {
  const k1 = generateKeySpec("k1");
  const k2 = generateKeySpec("k2");

  it("round-trips, with a fresh IV each time and no plaintext in the stored form", () => {
    const ring = parseKeyring(k1);
    const a = encryptSecret("smtp-password-123", ring);
    const b = encryptSecret("smtp-password-123", ring);
    expect(a).not.toBe(b);
    expect(a).not.toContain("smtp-password-123");
    expect(a.startsWith("v1.k1.")).toBe(true);
    expect(decryptSecret(a, ring)).toBe("smtp-password-123");
    expect(decryptSecret(encryptSecret("", ring), ring)).toBe("");
    expect(decryptSecret(encryptSecret("ünïcødé 🔑", ring), ring)).toBe("ünïcødé 🔑");
  });

  it("rotates: the newest key encrypts, older keys still decrypt", () => {
    const old = encryptSecret("token", parseKeyring(k1));
    const rotated = parseKeyring(`${k2},${k1}`);
    expect(decryptSecret(old, rotated)).toBe("token");
    expect(needsRotation(old, rotated)).toBe(true);
    const fresh = encryptSecret("token", rotated);
    expect(fresh.split(".")[1]).toBe("k2");
    expect(needsRotation(fresh, rotated)).toBe(false);
  });

  it("refuses a value whose key was dropped from the ring", () => {
    const old = encryptSecret("token", parseKeyring(k1));
    expect(() => decryptSecret(old, parseKeyring(k2))).toThrow(/key "k1"/);
  });

  it("detects tampering with the ciphertext, tag, IV or key id", () => {
    const ring = parseKeyring(`${k2},${k1}`);
    const stored = encryptSecret("dkim-private-key", ring);
    const parts = stored.split(".");
    const flip = (s: string) => {
      const buf = Buffer.from(s, "base64url");
      buf[0] = (buf[0] ?? 0) ^ 1;
      return buf.toString("base64url");
    };
    for (const i of [2, 3, 4]) {
      const bad = [...parts];
      bad[i] = flip(bad[i]!);
      expect(() => decryptSecret(bad.join("."), ring)).toThrow(DecryptError);
    }
    const relabelled = [...parts];
    relabelled[1] = "k1";
    expect(() => decryptSecret(relabelled.join("."), ring)).toThrow(/altered/);
    expect(() => decryptSecret("plaintext", ring)).toThrow(/not an encrypted secret/);
  });

  it("explains a malformed key", () => {
    expect(() => parseKeyring("k1:dG9vLXNob3J0")).toThrow(/32 bytes/);
    expect(() => parseKeyring("")).toThrow(/no key/);
    const bare = parseKeyring(Buffer.alloc(32, 7).toString("base64"));
    expect(bare.current.id).toMatch(/^[0-9a-f]{8}$/);
  });
});
