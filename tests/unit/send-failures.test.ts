import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimSigningKey, encryptSecret, generateKeySpec, parseKeyring } from "../../src/lib/crypto";
import { classifySmtpError, type SmtpError } from "../../src/lib/sending/handle-send-failure";

const smtpError = (responseCode: number | undefined, command: string, code = "EENVELOPE"): SmtpError =>
  Object.assign(new Error("refused"), { responseCode, command, code, response: `${responseCode} refused` });

describe("whom an SMTP failure blames", () => {
  it("only a 5xx to RCPT TO is the recipient's; other 5xx refuse the sender; logins are the mailbox's", () => {
    expect(classifySmtpError(smtpError(550, "RCPT TO"))).toBe("recipient");
    expect(classifySmtpError(smtpError(550, "MAIL FROM"))).toBe("sender"); // 5.7.60 SendAsDenied
    expect(classifySmtpError(smtpError(554, "DATA", "EMESSAGE"))).toBe("sender");
    expect(classifySmtpError(smtpError(554, "CONN", "EPROTOCOL"))).toBe("sender"); // refused at the greeting
    expect(classifySmtpError(smtpError(535, "AUTH PLAIN", "EAUTH"))).toBe("auth");
    expect(classifySmtpError(smtpError(undefined, "API", "EAUTH"))).toBe("auth");
    expect(classifySmtpError(smtpError(451, "RCPT TO"))).toBe("temporary");
    expect(classifySmtpError(smtpError(421, "DATA", "EMESSAGE"))).toBe("temporary");
    expect(classifySmtpError(smtpError(undefined, "CONN", "ECONNECTION"))).toBe("temporary");
  });
});

describe("DKIM signing keys", () => {
  it("are decrypted and parsed once, and a rotated (re-encrypted) key is a new entry", () => {
    const ring = parseKeyring(generateKeySpec("k1"));
    const pem = (k: ReturnType<typeof generateKeyPairSync>) =>
      k.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const first = pem(generateKeyPairSync("rsa", { modulusLength: 1024 }));
    const stored = encryptSecret(first, ring);
    const key = dkimSigningKey(stored, ring);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(dkimSigningKey(stored, ring)).toBe(key);
    const rotated = encryptSecret(pem(generateKeyPairSync("rsa", { modulusLength: 1024 })), ring);
    const next = dkimSigningKey(rotated, ring);
    expect(next).not.toBe(key);
    expect(next.export({ type: "pkcs8", format: "pem" })).not.toBe(first);
  });
});
