import { describe, expect, it } from "vitest";
import { describeConnectionError } from "../../src/lib/mailboxes/connection-errors";

// The errors below are the shapes nodemailer 10 and imapflow 2 produce (recorded against
// Postfix/Dovecot on loopback); the integration tests produce the common ones for real.
const smtp = { host: "smtp.example.com", port: 465, security: "tls" as const };
const imap = { host: "imap.example.com", port: 143, security: "none" as const };
const err = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? "")), fields);

describe("describeConnectionError", () => {
  it("names refused logins 'authentication failed', with the server's words", () => {
    expect(
      describeConnectionError(
        err({ code: "EAUTH", responseCode: 535, response: "535 5.7.8 Username and Password not accepted" }),
        "smtp",
        smtp,
      ),
    ).toEqual({
      kind: "auth",
      error:
        "authentication failed: the server refused the user name or password (Username and Password not accepted)",
    });
    expect(
      describeConnectionError(err({ message: "Command failed", authenticationFailed: true }), "imap", imap)
        .kind,
    ).toBe("auth");
  });

  it("names network failures with the host and port", () => {
    expect(
      describeConnectionError(
        err({ code: "ESOCKET", message: "connect ECONNREFUSED 1.2.3.4:465" }),
        "smtp",
        smtp,
      ),
    ).toEqual({
      kind: "connection",
      error: "connection refused at smtp.example.com:465",
    });
    expect(
      describeConnectionError(err({ code: "EDNS", message: "getaddrinfo ENOTFOUND x" }), "smtp", smtp).error,
    ).toBe("host not found: smtp.example.com");
    expect(
      describeConnectionError(err({ code: "ETIMEDOUT", message: "Connection timeout" }), "smtp", smtp),
    ).toEqual({
      kind: "timeout",
      error: "no answer from smtp.example.com:465 in time",
    });
  });

  it("suggests the other TLS mode when the handshake does not match the port", () => {
    const wrongVersion = err({
      code: "ESOCKET",
      message: "ssl3_get_record:wrong version number",
      reason: "wrong version number",
    });
    expect(describeConnectionError(wrongVersion, "smtp", smtp).error).toBe(
      "TLS handshake failed — try STARTTLS on port 587",
    );
    expect(describeConnectionError(wrongVersion, "imap", { ...imap, security: "tls" }).error).toBe(
      "TLS handshake failed — try STARTTLS on port 143",
    );
    expect(
      describeConnectionError(
        err({ code: "ETLS", message: "Error upgrading connection with STARTTLS: 502" }),
        "smtp",
        {
          ...smtp,
          security: "starttls",
        },
      ).error,
    ).toBe("the server does not offer STARTTLS — try TLS on port 465");
    expect(
      describeConnectionError(
        err({ code: "GREETING_TIMEOUT", message: "Failed to receive greeting" }),
        "imap",
        {
          ...imap,
          port: 993,
        },
      ).error,
    ).toBe(
      "no IMAP greeting from imap.example.com:993 — port 993 usually expects TLS from the start: choose TLS",
    );
    expect(
      describeConnectionError(
        err({ code: "ESOCKET", message: "self-signed certificate in certificate chain" }),
        "smtp",
        smtp,
      ).kind,
    ).toBe("tls");
  });

  it("says when the port belongs to another protocol", () => {
    expect(
      describeConnectionError(
        err({ code: "EPROTOCOL", message: "Invalid greeting. response=* OK Dovecot ready." }),
        "smtp",
        {
          ...smtp,
          port: 993,
        },
      ).error,
    ).toBe("smtp.example.com:993 is not an SMTP server — check the port");
  });
});
