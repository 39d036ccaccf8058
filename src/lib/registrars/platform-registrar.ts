import { env } from "@/lib/config/env";
import { cloudflareRegistrar } from "./cloudflare";
import { namecomRegistrar } from "./namecom";
import { rdapRegistrar } from "./rdap";
import type { Registrar, RegistrarId } from "./types";

/** The platform's account for `id` from the environment, or null when not configured. */
export function platformRegistrar(id: RegistrarId): Registrar | null {
  const e = env();
  if (id === "cloudflare") {
    if (!e.CLOUDFLARE_API_TOKEN || !e.CLOUDFLARE_ACCOUNT_ID) return null;
    return cloudflareRegistrar({
      apiToken: e.CLOUDFLARE_API_TOKEN,
      accountId: e.CLOUDFLARE_ACCOUNT_ID,
      baseUrl: e.CLOUDFLARE_BASE_URL,
      sandbox: e.CLOUDFLARE_REGISTRAR_SANDBOX,
    });
  }
  if (id === "namecom") {
    if (!e.NAMECOM_USERNAME || !e.NAMECOM_TOKEN) return null;
    return namecomRegistrar({
      username: e.NAMECOM_USERNAME,
      token: e.NAMECOM_TOKEN,
      apiUrl: e.NAMECOM_API_URL,
    });
  }
  if (id === "rdap") return rdapRegistrar();
  return null;
}
