"use client";
import { Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconClock, IconQuestionMark, IconX } from "@tabler/icons-react";
import type { DomainAge, HealthState, Mark, MarkKey } from "./types";

const markLook: Record<Mark, { color: string; icon: typeof IconCheck; word: string }> = {
  pass: { color: "teal", icon: IconCheck, word: "passing" },
  fail: { color: "red", icon: IconX, word: "failing" },
  pending: { color: "gray", icon: IconClock, word: "pending" },
  unknown: { color: "yellow", icon: IconQuestionMark, word: "could not be checked" },
};
const markLabels: Record<MarkKey, string> = { spf: "SPF", dkim: "DKIM", dmarc: "DMARC", mx: "MX" };
export const MARK_KEYS: MarkKey[] = ["spf", "dkim", "dmarc", "mx"];

/** One check (SPF, DKIM, DMARC, MX) as a small badge: passing, failing, pending or unknown. */
export function CheckMark({
  name,
  state,
  reason,
  size = "md",
}: {
  name: MarkKey;
  state: Mark;
  reason?: string;
  size?: "sm" | "md";
}) {
  const look = markLook[state];
  const Icon = look.icon;
  const badge = (
    <Badge
      variant="light"
      color={look.color}
      radius="sm"
      size={size}
      leftSection={<Icon size={12} stroke={2.5} />}
      style={{ flexShrink: 0, overflow: "visible" }}
      data-testid={`mark-${name}`}
      data-state={state}
      aria-label={`${markLabels[name]} ${look.word}`}
    >
      {markLabels[name]}
    </Badge>
  );
  return (
    <Tooltip label={reason ?? `${markLabels[name]} ${look.word}`} multiline maw={320} withArrow>
      {badge}
    </Tooltip>
  );
}

export function CheckMarks({
  marks,
  reasons,
  size = "md",
}: {
  marks: Record<MarkKey, Mark>;
  reasons?: Partial<Record<MarkKey, string>>;
  size?: "sm" | "md";
}) {
  return (
    <Group gap={6} wrap="nowrap" miw={size === "sm" ? 270 : 310} data-testid="check-marks">
      {MARK_KEYS.map((k) => (
        <CheckMark key={k} name={k} state={marks[k]} reason={reasons?.[k]} size={size} />
      ))}
    </Group>
  );
}

export const stateLook: Record<HealthState, { color: string; label: string }> = {
  healthy: { color: "teal", label: "Healthy" },
  warning: { color: "yellow", label: "Warning" },
  critical: { color: "red", label: "Critical" },
  unknown: { color: "gray", label: "Unknown" },
};

export const scoreColor = (score: number) => (score >= 80 ? "teal" : score >= 50 ? "yellow" : "red");

/** Score and state, or "not checked yet". */
export function HealthSummary({ health }: { health: { score: number; state: HealthState } | null }) {
  if (!health) {
    return (
      <Text size="sm" c="dimmed" data-testid="health-score">
        not checked yet
      </Text>
    );
  }
  const look = stateLook[health.state];
  return (
    <Stack gap={2} align="flex-start">
      <Text fw={700} c={`${scoreColor(health.score)}.7`} data-testid="health-score">
        {health.score}
      </Text>
      <Text size="xs" fw={600} c={`${look.color}.7`} data-testid="health-state" data-state={health.state}>
        {look.label}
      </Text>
    </Stack>
  );
}

/** "new domain — ramp up slowly" under 30 days, else the age in days. */
export function AgeBadge({ age }: { age: DomainAge }) {
  if (age.days == null) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (age.isNew) {
    return (
      <Tooltip
        label={`Registered ${age.days} days ago: start with a few emails a day and raise slowly`}
        withArrow
      >
        <Group gap={4} wrap="nowrap" align="flex-start" miw={110} maw={140} data-testid="age-warning">
          <IconAlertTriangle
            size={14}
            color="var(--mantine-color-orange-6)"
            style={{ flexShrink: 0, marginTop: 2 }}
          />
          <Text size="xs" c="orange.8" fw={500}>
            {age.warning}
          </Text>
        </Group>
      </Tooltip>
    );
  }
  return (
    <Text size="sm" data-testid="domain-age">
      {age.days >= 730 ? `${Math.floor(age.days / 365)} years` : `${age.days} days`}
    </Text>
  );
}
