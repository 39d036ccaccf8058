import { Badge, Stack, Text, Tooltip } from "@mantine/core";
import type { SearchResult } from "../types";

export type Availability =
  | "available"
  | "hint"
  | "premium"
  | "taken"
  | "not_sold"
  | "not_sold_yet"
  | "unknown";

/**
 * What a search result means to a buyer. "hint" is RDAP saying nobody holds the name while no
 * registrar is configured: it looks free but has no price and cannot be bought here.
 */
export function availabilityOf(r: SearchResult): Availability {
  if (r.premium) return "premium";
  // the registrar's TLD rules say it cannot be sold (yet): never offered, whatever the name's state
  if (!r.sellable) return "not_sold_yet";
  if (r.available) return r.priceCents === null ? "hint" : "available";
  if (!r.reason || r.reason === "taken") return "taken";
  if (/unsupported_tld|not sold|no registrar sells|registry_closed|not registrable/i.test(r.reason))
    return "not_sold";
  return "unknown";
}

const look: Record<Availability, { color: string; label: string }> = {
  available: { color: "teal", label: "Available" },
  hint: { color: "teal", label: "Looks free" },
  premium: { color: "grape", label: "Premium — not sold" },
  taken: { color: "gray", label: "Taken" },
  not_sold: { color: "yellow", label: "Not sold here" },
  not_sold_yet: { color: "yellow", label: "Not sold yet" },
  unknown: { color: "orange", label: "Could not check" },
};

/** Registrar reason codes in words, with what to do where there is something to do. */
const reasonWords: Record<string, string> = {
  unsupported_tld: "this TLD is not sold through the configured registrars",
  registry_closed: "the registry does not take registrations for this TLD",
  rate_limited: "the registrar is limiting requests: search again in a minute",
  transient: "the registrar did not answer: search again",
  premium: "priced as premium by the registry; premium names are shown but not sold here",
};

export function reasonText(r: SearchResult): string | null {
  const kind = availabilityOf(r);
  if (kind === "hint") return "no registrar configured: set CLOUDFLARE_API_TOKEN to buy";
  if (kind === "available" || kind === "taken" || !r.reason) return null;
  if (kind === "not_sold_yet") return r.reason.replace(/^not sold yet:\s*/i, "");
  return reasonWords[r.reason] ?? r.reason;
}

export function AvailabilityBadge({ result }: { result: SearchResult }) {
  const kind = availabilityOf(result);
  const why = reasonText(result);
  const badge = (
    <Badge
      color={look[kind].color}
      variant={kind === "hint" ? "outline" : "light"}
      data-testid="availability"
    >
      {look[kind].label}
    </Badge>
  );
  if (!why) return badge;
  // premium explains itself in a tooltip; the rest say why in the row, where people read it
  if (kind === "premium")
    return (
      <Tooltip label={why} multiline w={260} withArrow>
        {badge}
      </Tooltip>
    );
  return (
    <Stack gap={2} align="flex-start">
      {badge}
      <Text size="xs" c="dimmed" maw={260} style={{ overflowWrap: "anywhere" }}>
        {why}
      </Text>
    </Stack>
  );
}
