import { createPrivateKey, type KeyObject } from "node:crypto";
import { decryptSecret, type Keyring } from "./secrets";

/** Enough for every sending domain a worker serves; the oldest entry goes first past it. */
const MAX_KEYS = 1_000;
const cache = new Map<string, KeyObject>();

/**
 * A domain's DKIM private key, decrypted and parsed once per process rather than per email (the
 * AES-GCM decrypt and PEM parse cost more than the RSA signature itself). Keyed by the stored
 * ciphertext: a rotated or re-encrypted key is a new value (a fresh IV each time), so the new key
 * is used from the next email on, with no invalidation to forget.
 */
export function dkimSigningKey(encrypted: string, ring?: Keyring): KeyObject {
  const hit = cache.get(encrypted);
  if (hit) {
    // refresh its place, so the keys in use stay and a rotated key's old entry ages out
    cache.delete(encrypted);
    cache.set(encrypted, hit);
    return hit;
  }
  const key = createPrivateKey(ring ? decryptSecret(encrypted, ring) : decryptSecret(encrypted));
  cache.set(encrypted, key);
  if (cache.size > MAX_KEYS) cache.delete(cache.keys().next().value!);
  return key;
}
