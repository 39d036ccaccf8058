import { parseOutboundUrl } from "@/lib/net/parse-outbound-url";
import type { AddressCheckOptions } from "@/lib/net/resolve-public-address";
import { resolvePublicAddress } from "@/lib/net/resolve-public-address";

/**
 * The check when an endpoint is saved: an http(s) URL without `user:password@`, whose host
 * resolves only to public addresses (or to private ones ALLOWED_PRIVATE_HOSTS allows). The same
 * rules hold in every process; each delivery checks again (guardedFetch), because the name can be
 * re-pointed after it was saved.
 */
export async function assertWebhookUrl(
  raw: string,
  opts: Pick<AddressCheckOptions, "resolve" | "allowedPrivateHosts"> = {},
): Promise<URL> {
  const check = { what: "webhook URL", field: "url" };
  const url = parseOutboundUrl(raw, check);
  await resolvePublicAddress(url.hostname, { ...check, ...opts });
  return url;
}
