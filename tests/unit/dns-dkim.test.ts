import { createPrivateKey, createPublicKey, createSign, createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  dkimRecordMatches,
  dkimRecordName,
  dkimRecordValue,
  generateDkimKey,
  parseDkimRecord,
  splitTxt,
} from "../../src/lib/dns/dkim";
import { quoteTxt, unquoteTxt } from "../../src/lib/dns/providers/powerdns";

describe("DKIM keys", () => {
  const key = generateDkimKey();

  it("makes an RSA-2048 pair: PEM private key, base64 SPKI public key that verifies its signatures", () => {
    // a PKCS#8 PEM that node:crypto parses as a 2048-bit RSA private key
    const priv = createPrivateKey({ key: key.privateKeyPem, format: "pem" });
    expect(priv.type).toBe("private");
    expect(priv.asymmetricKeyType).toBe("rsa");
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const pub = createPublicKey({ key: Buffer.from(key.publicKey, "base64"), format: "der", type: "spki" });
    expect(pub.asymmetricKeyType).toBe("rsa");
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const sig = createSign("sha256").update("hello").sign(key.privateKeyPem);
    expect(createVerify("sha256").update("hello").verify(pub, sig)).toBe(true);
  });

  it("publishes v=DKIM1; k=rsa; p=<key> at <selector>._domainkey.<domain>", () => {
    expect(dkimRecordName("coldframe", "acme.com")).toBe("coldframe._domainkey.acme.com");
    const value = dkimRecordValue(key.publicKey);
    expect(value).toBe(`v=DKIM1; k=rsa; p=${key.publicKey}`);
    expect(parseDkimRecord(value)).toEqual({ v: "DKIM1", k: "rsa", p: key.publicKey });
    expect(dkimRecordMatches(value, key.publicKey)).toBe(true);
    expect(dkimRecordMatches("v=DKIM1; p=", key.publicKey)).toBe(false);
    expect(dkimRecordMatches(dkimRecordValue(generateDkimKey(1024).publicKey), key.publicKey)).toBe(false);
    const spaced = `v=DKIM1; k=rsa; p=${key.publicKey.slice(0, 100)} ${key.publicKey.slice(100)}`;
    expect(dkimRecordMatches(spaced, key.publicKey)).toBe(true);
    const pem = `-----BEGIN PUBLIC KEY-----\n${key.publicKey.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
    expect(dkimRecordMatches(value, pem)).toBe(true);
  });
});

describe("TXT strings of at most 255 bytes", () => {
  it("cuts a 2048-bit key's record into 255 + the rest, joined back unchanged", () => {
    const value = dkimRecordValue(generateDkimKey().publicKey);
    const parts = splitTxt(value);
    expect(parts.length).toBe(2);
    expect(Buffer.byteLength(parts[0]!)).toBe(255);
    expect(parts.join("")).toBe(value);
  });

  it("leaves short values whole and never cuts inside a UTF-8 character", () => {
    expect(splitTxt("v=spf1 -all")).toEqual(["v=spf1 -all"]);
    const value = `${"a".repeat(254)}é${"b".repeat(10)}`;
    const parts = splitTxt(value);
    expect(parts.every((p) => Buffer.byteLength(p) <= 255)).toBe(true);
    expect(parts.join("")).toBe(value);
    expect(parts[0]).toBe("a".repeat(254));
  });

  it("quotes for PowerDNS (escaping quotes and backslashes) and reads it back", () => {
    const value = `${"x".repeat(300)} say "hi" \\ done`;
    const quoted = quoteTxt(value);
    expect(quoted.startsWith(`"${"x".repeat(255)}" "`)).toBe(true);
    expect(unquoteTxt(quoted)).toBe(value);
    expect(unquoteTxt('"v=spf1 " "-all"')).toBe("v=spf1 -all");
    expect(unquoteTxt("bare")).toBe("bare");
  });
});
