import { APIConnectionError, APIError } from "cloudflare";
import { networkError, retryAfterMs } from "./http";
import { RegistrarError, type RegistrarErrorCode } from "./types";

/** A refusal's words (an HTTP error's messages or a failed workflow's code and message) as a code. */
export function errorCodeFor(text: string): RegistrarErrorCode | null {
  const t = text.toLowerCase();
  if (/domain_unavailable|not available|already registered|unavailable/.test(t)) return "taken";
  if (/premium/.test(t)) return "premium";
  if (/extension_not_supported|extension_disallows|not supported/.test(t)) return "unsupported_tld";
  if (/payment|billing|funds|declined/.test(t)) return "insufficient_funds";
  if (/invalid.*(name|domain)|(name|domain).*invalid/.test(t)) return "invalid_name";
  return null;
}

/** An SDK error as a RegistrarError with the provider's message. */
export function cloudflareError(err: unknown): RegistrarError {
  if (err instanceof RegistrarError) return err;
  if (err instanceof APIError && typeof err.status === "number") {
    const messages = (err.errors ?? []).map((e) => e.message).filter(Boolean);
    const message = `Cloudflare: ${messages.join("; ") || err.message}`;
    const base = { status: err.status, registrar: "cloudflare" as const };
    if (err.status === 429) {
      return new RegistrarError("rate_limited", message, {
        ...base,
        retryAfterMs: retryAfterMs(err.headers?.get("retry-after") ?? null),
      });
    }
    if (/domain_limit|domain limit|maximum of \d+ domains/i.test(messages.join(" "))) {
      // the account's cap (100 domains): a refusal whatever the status, not a credentials problem
      return new RegistrarError(
        "rejected",
        `The Cloudflare account holds as many domains as Cloudflare allows one account; remove some there or use another account (${message})`,
        base,
      );
    }
    if (err.status === 401 || err.status === 403) return new RegistrarError("auth", message, base);
    if (err.status === 410) {
      // an ended endpoint is Coldframe's fault, not the customer's: say so instead of a refusal
      return new RegistrarError(
        "not_supported",
        `Cloudflare has ended this API endpoint (410 Gone); this Coldframe version must be updated to Cloudflare's current Registrar API. ${message}`,
        base,
      );
    }
    if (err.status >= 500) return new RegistrarError("transient", message, base);
    return new RegistrarError(errorCodeFor(messages.join(" ")) ?? "rejected", message, base);
  }
  if (err instanceof APIConnectionError) return networkError("cloudflare", err);
  return new RegistrarError("transient", `Cloudflare: ${err instanceof Error ? err.message : String(err)}`, {
    registrar: "cloudflare",
  });
}
