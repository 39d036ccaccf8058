import { env } from "@/lib/config/env";
import { normalizeTld } from "./names";

/** The TLDs a search covers when it names none: DOMAIN_SEARCH_TLDS, each normalised. */
export function searchTlds(): string[] {
  return env()
    .DOMAIN_SEARCH_TLDS.split(",")
    .map((t) => normalizeTld(t))
    .flatMap((r) => (r.ok && r.tld ? [r.tld] : []));
}
