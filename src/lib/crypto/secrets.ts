import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/config/env";

/**
 * Secrets at rest: AES-256-GCM, one random 12-byte IV per value, the key id stored with the value.
 *
 * APP_ENCRYPTION_KEY holds one or more keys, newest first: `k2:BASE64,k1:BASE64` (a bare BASE64 key
 * gets an id derived from the key). The newest encrypts; every listed key decrypts, so keys rotate
 * by prepending a new one and re-encrypting at leisure. GCM's tag detects any tampering.
 *
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export type Keyring = { current: Key; byId: Map<string, Key> };
type Key = { id: string; key: Buffer };

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptError";
  }
}

export function parseKeyring(spec: string): Keyring {
  const keys = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): Key => {
      const colon = entry.indexOf(":");
      const [id, b64] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [undefined, entry];
      const key = Buffer.from(b64, "base64");
      if (key.length !== 32) {
        throw new Error(
          "APP_ENCRYPTION_KEY: each key must be 32 bytes, base64-encoded (`openssl rand -base64 32`)",
        );
      }
      return { id: id ?? createHash("sha256").update(key).digest("hex").slice(0, 8), key };
    });
  if (keys.length === 0) throw new Error("APP_ENCRYPTION_KEY: no key given");
  for (const k of keys) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id)) throw new Error(`APP_ENCRYPTION_KEY: bad key id "${k.id}"`);
  }
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

let cachedRing: Keyring | undefined;
const defaultRing = () => {
  cachedRing ??= parseKeyring(env().APP_ENCRYPTION_KEY);
  return cachedRing;
};

export function encryptSecret(plaintext: string, ring: Keyring = defaultRing()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  // The key id is authenticated too, so a value cannot be moved under another key's label.
  cipher.setAAD(Buffer.from(ring.current.id));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    "v1",
    ring.current.id,
    iv.toString("base64url"),
    tag.toString("base64url"),
    ct.toString("base64url"),
  ].join(".");
}

export function decryptSecret(stored: string, ring: Keyring = defaultRing()): string {
  const parts = stored.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") throw new DecryptError("not an encrypted secret");
  const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = ring.byId.get(keyId);
  if (!key) throw new DecryptError(`encrypted with key "${keyId}", which APP_ENCRYPTION_KEY no longer lists`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptError("secret failed authentication: it was altered or the key is wrong");
  }
}

/** True when the value was encrypted with an older key and should be re-encrypted. */
export function needsRotation(stored: string, ring: Keyring = defaultRing()): boolean {
  return stored.split(".")[1] !== ring.current.id;
}

export function generateKeySpec(id = "k1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}
