"use client";
import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconMailbox } from "@tabler/icons-react";
import Link from "next/link";
import type { Mailbox } from "@/components/mailboxes/types";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { useApi } from "@/components/ui/use-api";

type Props = { selected: string[]; onChange: (ids: string[]) => void };

const statusBadge: Record<Mailbox["status"], { color: string; label: string }> = {
  active: { color: "teal", label: "Active" },
  paused: { color: "gray", label: "Paused" },
  error: { color: "red", label: "Needs attention" },
};

/** The workspace's mailboxes to rotate through; the campaign sends from every one ticked. */
export function MailboxesPanel({ selected, onChange }: Props) {
  const list = useApi<{ data: Mailbox[] }>("/api/v1/mailboxes");
  if (list.error)
    return (
      <Alert color="red" title="Could not load mailboxes">
        {list.error}
      </Alert>
    );
  if (!list.data) return <Skeleton h={160} radius="lg" />;
  const mailboxes = list.data.data;
  if (mailboxes.length === 0) {
    return (
      <Stack>
        <FeatureEmptyState
          icon={<IconMailbox size={28} stroke={1.5} />}
          title="Connect a mailbox first"
          description="A campaign sends from your own mailboxes (Google, Microsoft 365 or any SMTP/IMAP server), spreading its emails across all of them."
        />
        <Button component={Link} href="/mailboxes" style={{ alignSelf: "center" }}>
          Go to Mailboxes
        </Button>
      </Stack>
    );
  }
  const chosen = mailboxes.filter((m) => selected.includes(m.id));
  const capacity = chosen.reduce((n, m) => n + m.todayLimit, 0);
  return (
    <Paper withBorder radius="lg" p="lg">
      <Group justify="space-between" mb="md">
        <Text fw={500}>Send from</Text>
        <Text size="sm" c="dimmed" data-testid="mailbox-capacity">
          {chosen.length} of {mailboxes.length} selected · up to {capacity.toLocaleString()} emails today
        </Text>
      </Group>
      <Checkbox.Group value={selected} onChange={onChange}>
        <Stack gap="sm">
          {mailboxes.map((m) => (
            <Checkbox
              key={m.id}
              value={m.id}
              label={
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {m.email}
                  </Text>
                  <Badge size="sm" variant="light" color={statusBadge[m.status].color} tt="none">
                    {statusBadge[m.status].label}
                  </Badge>
                </Group>
              }
              description={`${m.fromName || "No from name"} · ${m.sentToday} / ${m.todayLimit} sent today`}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <Text size="xs" c="dimmed" mt="md">
        Limits, gaps and ramp-up are set per mailbox on the{" "}
        <Anchor component={Link} href="/mailboxes" inherit>
          Mailboxes
        </Anchor>{" "}
        page.
      </Text>
    </Paper>
  );
}
