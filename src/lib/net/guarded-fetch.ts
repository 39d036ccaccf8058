import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { AppError } from "@/lib/errors";
import { parseOutboundUrl } from "./parse-outbound-url";
import {
  type AddressCheckOptions,
  type CheckedAddress,
  resolvePublicAddress,
} from "./resolve-public-address";

export const GUARDED_FETCH_TIMEOUT_MS = 15_000;
export const GUARDED_FETCH_MAX_BYTES = 1024 * 1024;

export type GuardedFetchOptions = AddressCheckOptions & {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** the whole exchange: connect, answer and body (default 15 s) */
  timeoutMs?: number;
  /** the longest body read (default 1 MiB); a longer one aborts the request */
  maxBytes?: number;
  /** false: resolve as soon as the status arrives and drop the body unread */
  readBody?: boolean;
};

export type GuardedResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * The one HTTP client for URLs a user supplied (webhooks, DNS provider endpoints). The URL is
 * parsed (http/https, no userinfo), its host resolved once and every answer checked
 * (resolvePublicAddress), and the request connects to that checked address, with the URL's name in
 * the Host header, TLS server name and certificate check. Redirects are never followed: a 3xx is
 * returned as a status for the caller to report. The body is bounded, and errors are our own words
 * (status, "connection refused", "timed out"), never the answer's body: a response can carry an
 * internal service's secrets.
 *
 * Throws AppError "validation" for a URL or address that is refused (nothing was sent) and
 * AppError "unavailable" for a request that failed (details.reason: refused, timeout, tls, ...).
 */
export async function guardedFetch(
  raw: string | URL,
  opts: GuardedFetchOptions = {},
): Promise<GuardedResponse> {
  const url = parseOutboundUrl(String(raw), { what: opts.what, field: opts.field });
  const target = await resolvePublicAddress(url.hostname, opts);
  return request(url, target, opts);
}

function request(url: URL, target: CheckedAddress, opts: GuardedFetchOptions): Promise<GuardedResponse> {
  const timeoutMs = opts.timeoutMs ?? GUARDED_FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? GUARDED_FETCH_MAX_BYTES;
  const { address, family, host } = target;
  // every lookup of this request answers the checked address: no second resolution happens
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const isTls = url.protocol === "https:";
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (reason: string, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new AppError("unavailable", message, { reason }));
    };
    const req = (isTls ? https : http).request(
      url,
      {
        method: opts.method ?? "GET",
        headers: { ...opts.headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
        lookup,
        agent: false,
        // SNI and the certificate check use the URL's name (SNI cannot carry an IP literal)
        ...(isTls && host !== address ? { servername: host } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (opts.readBody === false) {
          settled = true;
          clearTimeout(timer);
          res.destroy();
          resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail("too_large", `the answer was larger than ${formatBytes(maxBytes)}`);
          else chunks.push(chunk);
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on("error", (err) => fail(...describe(err)));
      },
    );
    timer = setTimeout(() => fail("timeout", `no answer within ${timeoutMs / 1000} s`), timeoutMs);
    req.on("error", (err) => fail(...describe(err)));
    req.end(body);
  });
}

/** A Node network error in our words: its code, never its text (which can quote the peer). */
function describe(err: Error & { code?: string }): [string, string] {
  const code = err.code ?? "";
  if (code === "ECONNREFUSED") return ["refused", "connection refused"];
  if (code === "ECONNRESET" || code === "EPIPE") return ["reset", "the connection was closed"];
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return ["unreachable", "the host cannot be reached"];
  if (code === "ETIMEDOUT") return ["timeout", "the connection timed out"];
  if (/CERT|SSL|TLS|SELF_SIGNED|ALTNAME/.test(code)) return ["tls", `TLS failed (${code})`];
  if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_"))
    return ["protocol", "the answer was not HTTP"];
  return ["failed", code ? `request failed (${code})` : "request failed"];
}

const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
