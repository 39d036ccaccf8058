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
    <Badge color={colors[status]} variant="light" tt="capitalize" size={size} data-testid="campaign-status">
      {status}
    </Badge>
  );
}
