import { env } from "@/lib/config/env";
import { platformDnsProvider } from "@/lib/dns/providers";

/** The platform's DNS provider name (DNS_PROVIDER) when it is configured, else null. */
export const platformDnsName = () => (platformDnsProvider() ? env().DNS_PROVIDER : null);
