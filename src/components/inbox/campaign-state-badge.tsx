import { Badge, type MantineSize, Tooltip } from "@mantine/core";

const colors: Record<string, string> = {
  queued: "blue",
  sending: "cyan",
  completed: "teal",
  replied: "grape",
  bounced: "red",
  unsubscribed: "gray",
  stopped: "orange",
};

/** The lead's state in the thread's campaign (queued, replied, bounced…). */
export function CampaignStateBadge({ status, size = "sm" }: { status: string; size?: MantineSize }) {
  return (
    <Tooltip label="Status in this campaign" withArrow>
      <Badge
        color={colors[status] ?? "gray"}
        variant="light"
        size={size}
        style={{ flexShrink: 0 }}
        tt="capitalize"
        data-testid="lead-campaign-status"
      >
        {status}
      </Badge>
    </Tooltip>
  );
}
