import { Badge, Tooltip } from "@mantine/core";
import type { SearchResult } from "../types";

export type Availability = "available" | "premium" | "taken" | "unknown";

/**
 * What a search result means to a buyer. A name that is not available with a reason the registrar
 * did not phrase as "taken" (unsupported TLD, rate limit, registrar down) is "unknown", not taken.
 */
export function availabilityOf(r: SearchResult): Availability {
  if (r.premium) return "premium";
  if (r.available) return "available";
  if (!r.reason || /taken|registered|unavailable|not available|exists/i.test(r.reason)) return "taken";
  return "unknown";
}

const look: Record<Availability, { color: string; label: string }> = {
  available: { color: "teal", label: "Available" },
  premium: { color: "grape", label: "Premium — not sold" },
  taken: { color: "gray", label: "Taken" },
  unknown: { color: "orange", label: "Could not check" },
};

export function AvailabilityBadge({ result }: { result: SearchResult }) {
  const kind = availabilityOf(result);
  const badge = (
    <Badge color={look[kind].color} variant="light" data-testid="availability" style={{ flexShrink: 0 }}>
      {look[kind].label}
    </Badge>
  );
  const hint =
    kind === "premium"
      ? "The registry prices this name as premium; premium names are shown but not sold here."
      : result.reason;
  return hint && kind !== "available" ? (
    <Tooltip label={hint} multiline w={280} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
