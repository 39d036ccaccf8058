import { Badge } from "@mantine/core";
import type { CampaignStatus } from "./types";

const colors: Record<CampaignStatus, string> = {
  draft: "gray",
  active: "teal",
  paused: "yellow",
  completed: "indigo",
};

export function CampaignStatusBadge({ status, size = "md" }: { status: CampaignStatus; size?: string }) {
  return (
    // never squeezed into "Acti…" by a long campaign name beside it
    <Badge
      color={colors[status]}
      variant="light"
      tt="capitalize"
      size={size}
      miw="max-content"
      style={{ flexShrink: 0 }}
      data-testid="campaign-status"
    >
      {status}
    </Badge>
  );
}
