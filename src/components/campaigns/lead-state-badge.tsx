import { Badge } from "@mantine/core";

const colors: Record<string, string> = {
  queued: "blue",
  sending: "cyan",
  completed: "teal",
  replied: "grape",
  bounced: "red",
  unsubscribed: "gray",
  stopped: "orange",
};

/** A lead's state within one campaign (not the lead's own status). */
export function LeadStateBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? "gray"} variant="light" tt="capitalize">
      {status}
    </Badge>
  );
}
