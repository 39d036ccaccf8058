import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimSigningKey, encryptSecret, generateKeySpec, parseKeyring } from "../../src/lib/crypto";
import { classifySmtpError, type SmtpError } from "../../src/lib/sending/handle-send-failure";

const smtpError = (
  responseCode: number | undefined,
  command: string,
  code = "EENVELOPE",
  response = `${responseCode} refused`,
): SmtpError => Object.assign(new Error("refused"), { responseCode, command, code, response });

describe("whom an SMTP failure blames", () => {
  it("only a 5xx to RCPT TO can be the recipient's; other 5xx refuse the sender; logins are the mailbox's", () => {
    expect(classifySmtpError(smtpError(550, "RCPT TO", "EENVELOPE", "550 5.1.1 User unknown"))).toBe(
      "recipient",
    );
    expect(classifySmtpError(smtpError(550, "MAIL FROM"))).toBe("sender"); // 5.7.60 SendAsDenied
    expect(classifySmtpError(smtpError(554, "DATA", "EMESSAGE"))).toBe("sender");
    expect(classifySmtpError(smtpError(554, "CONN", "EPROTOCOL"))).toBe("sender"); // refused at the greeting
    expect(classifySmtpError(smtpError(535, "AUTH PLAIN", "EAUTH"))).toBe("auth");
    expect(classifySmtpError(smtpError(undefined, "API", "EAUTH"))).toBe("auth");
    expect(classifySmtpError(smtpError(451, "RCPT TO"))).toBe("temporary");
    expect(classifySmtpError(smtpError(421, "DATA", "EMESSAGE"))).toBe("temporary");
    expect(classifySmtpError(smtpError(undefined, "CONN", "ECONNECTION"))).toBe("temporary");
  });

  it("a 5xx to RCPT TO bounces the lead only when the address or domain does not exist", () => {
    const rcpt = (response: string) =>
      classifySmtpError(smtpError(Number(response.slice(0, 3)), "RCPT TO", "EENVELOPE", response));
    // hard: the address or its domain does not exist
    expect(rcpt("550 5.1.1 <ann@client.test>: Recipient address rejected: User unknown")).toBe("recipient");
    expect(rcpt("550 No such user here")).toBe("recipient");
    expect(rcpt("550 5.1.2 Host unknown")).toBe("recipient");
    // soft: tried again later, the lead kept
    expect(rcpt("552 5.2.2 <ann@client.test>: Mailbox full, quota exceeded")).toBe("temporary");
    expect(rcpt("550 5.2.2 The email account that you tried to reach is over quota")).toBe("temporary");
    // block: the receiver refuses us — the sender's problem, never the lead's
    expect(
      rcpt("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
    ).toBe("sender");
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
