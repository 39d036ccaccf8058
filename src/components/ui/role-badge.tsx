import { Badge } from "@mantine/core";

const colors: Record<string, string> = { owner: "grape", admin: "indigo", member: "gray" };

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge color={colors[role] ?? "gray"} variant="light" tt="capitalize">
      {role}
    </Badge>
  );
}
