import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";

/** What the browser carries between "start" and "callback", signed so it cannot be forged. */
export type OAuthState = {
  state: string;
  provider: string;
  workspaceId: string;
  codeVerifier: string;
  expiresAt: number;
};

export const OAUTH_COOKIE = "cf_mailbox_oauth";
const TTL_MS = 10 * 60_000;

export function newOAuthState(provider: string, workspaceId: string, now = Date.now()): OAuthState {
  return {
    state: randomBytes(24).toString("base64url"),
    provider,
    workspaceId,
    codeVerifier: randomBytes(48).toString("base64url"),
    expiresAt: now + TTL_MS,
  };
}

/** PKCE S256 (RFC 7636): the code is worthless to anyone without the verifier in our cookie. */
export const codeChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

const mac = (payload: string) =>
  createHmac("sha256", env().AUTH_SECRET).update(`mailbox-oauth:${payload}`).digest();

export function sealOAuthState(s: OAuthState): string {
  const payload = Buffer.from(JSON.stringify(s)).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The state in the cookie if it is ours, unexpired, and matches the `state` the provider returned. */
export function openOAuthState(cookie: string | undefined, returnedState: string | null, now = Date.now()) {
  if (!cookie || !returnedState) return null;
  const [payload, sig] = cookie.split(".");
  if (!payload || !sig) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const s = JSON.parse(Buffer.from(payload, "base64url").toString()) as OAuthState;
  if (s.expiresAt < now || s.state !== returnedState) return null;
  return s;
}

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
