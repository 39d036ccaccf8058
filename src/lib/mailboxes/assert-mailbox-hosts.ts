import { AppError } from "@/lib/errors";
import { type AddressCheckOptions, resolvePublicAddress } from "@/lib/net/resolve-public-address";

/**
 * Refuse (400) an SMTP or IMAP host that resolves to a private, loopback or link-local address
 * unless ALLOWED_PRIVATE_HOSTS allows it: otherwise "test connection" would tell anyone which ports
 * are open on the app's own network. A host that does not resolve is left to the connection test
 * to report ("host not found"); every connection checks again (pinServer).
 */
export async function assertMailboxHosts(
  servers: { smtp?: { host?: string | undefined }; imap?: { host?: string | undefined } },
  opts: Pick<AddressCheckOptions, "resolve" | "allowedPrivateHosts"> = {},
): Promise<void> {
  for (const protocol of ["smtp", "imap"] as const) {
    const host = servers[protocol]?.host;
    if (!host) continue;
    try {
      await resolvePublicAddress(host, {
        ...opts,
        what: `${protocol.toUpperCase()} host`,
        field: `${protocol}.host`,
      });
    } catch (err) {
      if (!(err instanceof AppError && err.details?.reason === "unresolved")) throw err;
    }
  }
}
