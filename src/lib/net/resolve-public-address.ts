import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@/lib/errors";
import { isPrivateAddress } from "./is-private-address";
import { isPrivateAllowed } from "./is-private-allowed";

export type AddressCheckOptions = {
  /** what is being checked, for messages: "webhook URL", "SMTP host" */
  what?: string;
  /** the request field the error belongs to (AppError details.fields) */
  field?: string;
  /** the one DNS lookup (defaults to the system resolver, as every connection would use) */
  resolve?: (host: string) => Promise<string[]>;
  /** defaults to ALLOWED_PRIVATE_HOSTS; `*` for operator-configured endpoints */
  allowedPrivateHosts?: string;
};

/** Where a connection goes: the address that passed the check, never a second resolution. */
export type CheckedAddress = { host: string; address: string; family: 4 | 6 };

const systemResolve = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolve a host once and check every answer: refused (AppError "validation") when any of them is
 * a private, loopback, link-local or otherwise non-global address that ALLOWED_PRIVATE_HOSTS does
 * not allow. Returns the first answer, for the caller to connect to: a name re-pointed after this
 * check (DNS rebinding) is never asked again. An IP literal needs no DNS; any other spelling
 * (`127.1`, `2130706433`, `0x7f.1`) goes through the resolver, and its answer is what is checked.
 */
export async function resolvePublicAddress(
  rawHost: string,
  opts: AddressCheckOptions = {},
): Promise<CheckedAddress> {
  const host = rawHost
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const what = opts.what ?? "host";
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = host ? await (opts.resolve ?? systemResolve)(host) : [];
    } catch {
      addresses = [];
    }
  }
  const first = addresses[0];
  if (first === undefined)
    throw refused(opts, `${what}: host ${host || "(empty)"} could not be resolved`, "unresolved");
  const bad = addresses.find(
    (a) => isPrivateAddress(a) && !isPrivateAllowed(host, a, opts.allowedPrivateHosts),
  );
  if (bad !== undefined) {
    const is =
      bad === host ? `${host} is a private address` : `${host} resolves to a private address (${bad})`;
    throw refused(
      opts,
      `${what} refused: ${is}; an operator can allow it with ALLOWED_PRIVATE_HOSTS`,
      "private",
    );
  }
  return { host, address: first, family: isIP(first) === 6 ? 6 : 4 };
}

/** details.reason tells "unresolved" (no answer) from "private" (an answer that is refused). */
const refused = (opts: AddressCheckOptions, message: string, reason: "unresolved" | "private") =>
  new AppError("validation", message, {
    reason,
    ...(opts.field ? { fields: { [opts.field]: [message] } } : {}),
  });
