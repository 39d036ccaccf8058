"use client";
import { Badge, Group, Paper, RingProgress, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconClock, IconQuestionMark, IconX } from "@tabler/icons-react";
import { formatDateTime } from "@/components/ui/format";
import { scoreColor, stateLook } from "./health-marks";
import type { HealthCheck, HealthItem } from "./types";

const itemLook: Record<HealthItem["state"], { color: string; icon: typeof IconCheck }> = {
  pass: { color: "teal", icon: IconCheck },
  warn: { color: "yellow", icon: IconAlertTriangle },
  fail: { color: "red", icon: IconX },
  pending: { color: "gray", icon: IconClock },
  unknown: { color: "gray", icon: IconQuestionMark },
};

/** The score out of 100 and every part of it, with the reason for each point lost. */
export function ScoreCard({ check }: { check: HealthCheck | null }) {
  if (!check) {
    return (
      <Paper withBorder radius="lg" p="lg">
        <Text fw={500}>Health</Text>
        <Text size="sm" c="dimmed" mt="xs" data-testid="health-score">
          Not checked yet. The first check runs when the DNS records are in place; “Check now” runs one at
          once.
        </Text>
      </Paper>
    );
  }
  const look = stateLook[check.state];
  return (
    <Paper withBorder radius="lg" p="lg" data-testid="score-card">
      <Group align="flex-start" wrap="nowrap" gap="xl">
        <Stack align="center" gap={4}>
          <RingProgress
            size={120}
            thickness={10}
            roundCaps
            sections={[{ value: check.score, color: scoreColor(check.score) }]}
            label={
              <Text ta="center" fw={700} fz={28} data-testid="health-score">
                {check.score}
              </Text>
            }
          />
          <Badge variant="light" color={look.color} data-testid="health-state" data-state={check.state}>
            {look.label}
          </Badge>
          <Text size="xs" c="dimmed" ta="center">
            checked {formatDateTime(check.checkedAt)}
          </Text>
        </Stack>
        <Stack gap={10} style={{ flex: 1, minWidth: 0 }} data-testid="health-items">
          {check.items.map((item) => {
            const { color, icon: Icon } = itemLook[item.state];
            return (
              <Group
                key={item.key}
                gap="sm"
                wrap="nowrap"
                align="flex-start"
                data-testid={`health-item-${item.key}`}
                data-state={item.state}
              >
                <ThemeIcon size={22} radius="xl" variant="light" color={color}>
                  <Icon size={14} stroke={2.5} />
                </ThemeIcon>
                <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" fw={500}>
                    {item.label}
                  </Text>
                  {item.reason && (
                    <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {item.reason}
                    </Text>
                  )}
                </Stack>
                <Text
                  size="sm"
                  fw={600}
                  c={item.pointsLost ? "red.7" : "dimmed"}
                  style={{ whiteSpace: "nowrap" }}
                >
                  {item.pointsLost ? `−${item.pointsLost}` : "0"}
                </Text>
              </Group>
            );
          })}
        </Stack>
      </Group>
    </Paper>
  );
}
