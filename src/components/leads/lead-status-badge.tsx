import { Badge } from "@mantine/core";
import type { LeadStatus } from "./types";

const colors: Record<LeadStatus, string> = { active: "teal", unsubscribed: "gray", bounced: "red" };

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  return (
    <Badge color={colors[status]} variant="light" tt="capitalize">
      {status}
    </Badge>
  );
}
