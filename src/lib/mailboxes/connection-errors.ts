import type { TlsMode } from "./server-options";

export type FailureKind = "auth" | "connection" | "tls" | "timeout" | "protocol" | "config";
type Server = { host: string; port: number; security: TlsMode };

type MailError = Error & {
  code?: string;
  responseCode?: number;
  response?: string;
  authenticationFailed?: boolean;
  reason?: string;
};

const suggested = {
  smtp: { tls: 465, starttls: 587 },
  imap: { tls: 993, starttls: 143 },
};

/**
 * Turn a nodemailer or imapflow error into words a person can act on, with its kind: "auth" is
 * what counts towards pausing the mailbox; the others are the server or the settings.
 */
export function describeConnectionError(
  err: unknown,
  protocol: "smtp" | "imap",
  server: Server,
): { kind: FailureKind; error: string } {
  const e = (err ?? {}) as MailError;
  const text = `${e.code ?? ""} ${e.message ?? ""} ${e.response ?? ""}`;
  const where = `${server.host}:${server.port}`;
  const ports = suggested[protocol];

  if (
    e.authenticationFailed ||
    e.code === "EAUTH" ||
    e.responseCode === 535 ||
    /AUTHENTICATIONFAILED/.test(text)
  ) {
    const detail = (e.response ?? "").replace(/^\d+ [\d.]+ /, "").trim();
    return {
      kind: "auth",
      error: `authentication failed: the server refused the user name or password${detail ? ` (${detail})` : ""}`,
    };
  }
  if (/ECONNREFUSED/.test(text)) return { kind: "connection", error: `connection refused at ${where}` };
  if (/ENOTFOUND|EAI_AGAIN|EDNS/.test(text))
    return { kind: "connection", error: `host not found: ${server.host}` };
  if (/EHOSTUNREACH|ENETUNREACH/.test(text))
    return { kind: "connection", error: `${where} cannot be reached` };
  if (/ECONNRESET|EPIPE/.test(text)) return { kind: "connection", error: `${where} closed the connection` };
  if (/wrong version number|packet length too long|unknown protocol|ERR_SSL|SSL routines/i.test(text)) {
    return {
      kind: "tls",
      error: `TLS handshake failed — try STARTTLS on port ${ports.starttls}`,
    };
  }
  if (/certificate|self[- ]signed|CERT_|altnames/i.test(text)) {
    return { kind: "tls", error: `the server's TLS certificate is not trusted: ${e.message}` };
  }
  if (e.code === "ETLS" || /STARTTLS/i.test(text)) {
    return { kind: "tls", error: `the server does not offer STARTTLS — try TLS on port ${ports.tls}` };
  }
  if (/Invalid greeting/i.test(text)) {
    return {
      kind: "protocol",
      error: `${where} is not an ${protocol.toUpperCase()} server — check the port`,
    };
  }
  if (/GREETING_TIMEOUT|Greeting never received/i.test(text)) {
    const hint =
      server.security === "tls"
        ? " — check the port"
        : server.port === ports.tls
          ? ` — port ${server.port} usually expects TLS from the start: choose TLS`
          : ` — if the server expects TLS from the start (usually port ${ports.tls}), choose TLS`;
    return { kind: "protocol", error: `no ${protocol.toUpperCase()} greeting from ${where}${hint}` };
  }
  if (/ETIMEDOUT|ETIMEOUT|CONNECT_TIMEOUT|timeout/i.test(text)) {
    return { kind: "timeout", error: `no answer from ${where} in time` };
  }
  return { kind: "protocol", error: (e.response || e.message || String(err)).slice(0, 300) };
}
