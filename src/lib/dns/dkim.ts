import { generateKeyPairSync } from "node:crypto";

/**
 * DKIM keys (RFC 6376, RSA-2048 as RFC 8301 recommends) and their DNS record at
 * `<selector>._domainkey.<domain>`. The private key is what nodemailer signs with (PEM); the
 * public key goes into the `p=` tag as base64 DER (SubjectPublicKeyInfo).
 */
export const DKIM_DEFAULT_SELECTOR = "coldframe";

export type DkimKeyPair = { privateKeyPem: string; publicKey: string };

export function generateDkimKey(bits = 2048): DkimKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKey: publicKey.toString("base64") };
}

export const dkimRecordName = (selector: string, domain: string) => `${selector}._domainkey.${domain}`;

export const dkimRecordValue = (publicKey: string) => `v=DKIM1; k=rsa; p=${publicKey}`;

/**
 * A TXT value as the character-strings DNS carries: each at most 255 bytes (a 2048-bit key's
 * record is ~410 characters, so it always takes two). Verifiers join them back without spaces.
 * Cuts never fall inside a UTF-8 character.
 */
export function splitTxt(value: string, max = 255): string[] {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length <= max) return [value];
  const out: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + max, bytes.length);
    // step back off UTF-8 continuation bytes (10xxxxxx)
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    out.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return out;
}

/** Tag list of a DKIM record (`v=DKIM1; k=rsa; p=...`), keys lower-cased, whitespace removed from p. */
export function parseDkimRecord(txt: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of txt.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim().toLowerCase();
    if (k) tags[k] = part.slice(i + 1).trim();
  }
  if (tags.p !== undefined) tags.p = tags.p.replace(/\s+/g, "");
  return tags;
}

/**
 * Whether a published DKIM record carries our public key (and is not revoked: empty p=). The key
 * may be given as base64 DER or wrapped as PEM.
 */
export function dkimRecordMatches(txt: string, publicKey: string): boolean {
  const tags = parseDkimRecord(txt);
  const ours = publicKey.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return Boolean(tags.p) && tags.p === ours;
}
