import { AppError } from "@/lib/errors";
import { type AddressCheckOptions, resolvePublicAddress } from "@/lib/net/resolve-public-address";
import type { ServerSettings } from "./server-options";

/**
 * The server with the address to connect to: its host resolved once and checked (a private
 * address only when ALLOWED_PRIVATE_HOSTS allows it). The connection then goes to that address
 * with the host name as TLS server name (see smtpOptions), so a name re-pointed after it was saved
 * cannot reach the private network, and a host that is not found fails as the mail libraries'
 * ENOTFOUND would ("host not found").
 */
export async function pinServer(
  server: ServerSettings,
  protocol: "smtp" | "imap",
  opts: Pick<AddressCheckOptions, "resolve" | "allowedPrivateHosts"> = {},
): Promise<ServerSettings> {
  try {
    const { address } = await resolvePublicAddress(server.host, {
      ...opts,
      what: `${protocol.toUpperCase()} host`,
      field: `${protocol}.host`,
    });
    return { ...server, address };
  } catch (err) {
    if (err instanceof AppError && err.details?.reason === "unresolved")
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${server.host}`), { code: "ENOTFOUND" });
    throw err;
  }
}
