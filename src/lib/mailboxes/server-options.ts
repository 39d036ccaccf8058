import { isIP } from "node:net";
import type { ImapFlowOptions } from "imapflow";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { tlsModes } from "@/lib/db/schema/mailboxes";

export type TlsMode = (typeof tlsModes)[number];

/** One server and how to log in to it: a password, or an OAuth2 access token (XOAUTH2). */
export type ServerSettings = {
  host: string;
  port: number;
  security: TlsMode;
  auth: { user: string; pass: string } | { user: string; accessToken: string };
  /** the checked address to connect to (pinServer); `host` stays the TLS server name */
  address?: string;
  /** a provider's fixed host (Google, Microsoft), not one a user typed: not checked or pinned */
  fixedHost?: boolean;
};

/** Connect to the pinned address when there is one, presenting and verifying the host's name. */
const target = (s: ServerSettings) =>
  s.address && s.address !== s.host && !isIP(s.host)
    ? { host: s.address, servername: s.host }
    : { host: s.address ?? s.host };

export type Timeouts = { connectMs: number; socketMs: number };
const defaults: Timeouts = { connectMs: 20_000, socketMs: 60_000 };

/**
 * nodemailer options for a server. "tls" is TLS from the first byte (465); "starttls" must
 * upgrade (587) and fails rather than send a password in the clear; "none" never upgrades.
 */
export function smtpOptions(s: ServerSettings, t: Timeouts = defaults): SMTPTransport.Options {
  return {
    ...target(s),
    port: s.port,
    secure: s.security === "tls",
    requireTLS: s.security === "starttls",
    ignoreTLS: s.security === "none",
    auth:
      "accessToken" in s.auth
        ? { type: "OAuth2", user: s.auth.user, accessToken: s.auth.accessToken }
        : { user: s.auth.user, pass: s.auth.pass },
    connectionTimeout: t.connectMs,
    greetingTimeout: t.connectMs,
    socketTimeout: t.socketMs,
  };
}

/** imapflow options for a server, with the same meaning of the TLS modes as smtpOptions. */
export function imapOptions(s: ServerSettings, t: Timeouts = defaults): ImapFlowOptions {
  return {
    ...target(s),
    port: s.port,
    secure: s.security === "tls",
    // true: STARTTLS or fail; false: never upgrade; (undefined would upgrade only when offered)
    doSTARTTLS: s.security === "tls" ? undefined : s.security === "starttls",
    auth:
      "accessToken" in s.auth
        ? { user: s.auth.user, accessToken: s.auth.accessToken }
        : { user: s.auth.user, pass: s.auth.pass },
    connectionTimeout: t.connectMs,
    greetingTimeout: t.connectMs,
    socketTimeout: t.socketMs,
    logger: false,
  };
}
