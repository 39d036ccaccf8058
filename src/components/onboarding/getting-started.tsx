"use client";
import { Anchor, Button, Group, Paper, Progress, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconCircleDashed } from "@tabler/icons-react";
import Link from "next/link";
import { useApi } from "@/components/ui/use-api";
import type { GettingStarted as Checklist } from "@/lib/api/schemas";

const steps: Record<
  Checklist["steps"][number]["key"],
  { title: string; todo: string; href?: string; action: string }
> = {
  mailbox: {
    title: "Connect a sending mailbox",
    todo: "Gmail, Microsoft 365 or any SMTP/IMAP account: campaigns send from it and its replies land in the inbox.",
    href: "/mailboxes",
    action: "Connect a mailbox",
  },
  domain: {
    title: "Set up a sending domain",
    todo: "Buy one here or add your own: SPF, DKIM and DMARC are written and checked for you, so mail lands in the inbox.",
    href: "/domains",
    action: "Set up a domain",
  },
  leads: {
    title: "Import your leads",
    todo: "Upload a CSV: columns are matched for you, duplicates and bad rows are set aside.",
    href: "/leads",
    action: "Import leads",
  },
  campaign: {
    title: "Launch a campaign",
    todo: "Write the steps, pick mailboxes and leads, check the summary, launch.",
    action: "New campaign",
  },
};

/**
 * The first steps, ticked off from what exists (GET /api/v1/workspace/getting-started), shown until
 * every one is done. `onNewCampaign` opens the campaign dialog for the last step.
 */
export function GettingStarted({ onNewCampaign }: { onNewCampaign: () => void }) {
  const checklist = useApi<Checklist>("/api/v1/workspace/getting-started");
  const data = checklist.data;
  if (!data || data.complete) return null;
  const done = data.steps.filter((s) => s.done).length;
  const next = data.steps.find((s) => !s.done)?.key;
  return (
    <Paper withBorder radius="lg" p="lg" mb="lg" data-testid="getting-started">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Getting started</Text>
        <Text size="sm" c="dimmed" data-testid="getting-started-progress">
          {done} of {data.steps.length} done
        </Text>
      </Group>
      <Progress
        value={(done / data.steps.length) * 100}
        size="sm"
        mb="md"
        aria-label="Getting started progress"
      />
      <Stack gap="sm">
        {data.steps.map((s) => {
          const step = steps[s.key];
          return (
            <Group
              key={s.key}
              wrap="nowrap"
              align="flex-start"
              data-testid={`step-${s.key}`}
              data-done={s.done}
            >
              <ThemeIcon
                radius="xl"
                size={24}
                color={s.done ? "teal" : "gray"}
                variant={s.done ? "filled" : "light"}
              >
                {s.done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
              </ThemeIcon>
              <div style={{ flex: 1 }}>
                <Text
                  size="sm"
                  fw={500}
                  td={s.done ? "line-through" : undefined}
                  c={s.done ? "dimmed" : undefined}
                >
                  {step.title}
                </Text>
                {!s.done && (
                  <Text size="xs" c="dimmed">
                    {step.todo}
                  </Text>
                )}
              </div>
              {!s.done &&
                (step.href ? (
                  <Anchor
                    component={Link}
                    href={step.href}
                    size="sm"
                    fw={s.key === next ? 600 : undefined}
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {step.action} →
                  </Anchor>
                ) : (
                  <Button size="xs" variant={s.key === next ? "filled" : "default"} onClick={onNewCampaign}>
                    {step.action}
                  </Button>
                ))}
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
