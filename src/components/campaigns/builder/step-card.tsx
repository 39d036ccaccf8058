"use client";
import { ActionIcon, Badge, Group, Paper, Stack, Switch, Text, Tooltip } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconTrash } from "@tabler/icons-react";
import { DelayInput } from "./delay-input";
import type { StepDraft } from "./sequence-draft";
import { VariantTabs } from "./variant-tabs";

type Props = {
  step: StepDraft;
  index: number;
  count: number;
  customFields: string[];
  readOnly: boolean;
  onChange: (step: StepDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** One step of the sequence: when it goes out, whether it threads, and its variants. */
export function StepCard({ step, index, count, customFields, readOnly, onChange, onMove, onRemove }: Props) {
  const first = index === 0;
  return (
    <Paper withBorder radius="lg" p="lg" data-testid={`step-${index + 1}`}>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm">
            <Badge size="lg" radius="sm" variant="filled">
              Step {index + 1}
            </Badge>
            <Text fw={500}>{first ? "First email" : "Follow-up"}</Text>
          </Group>
          {!readOnly && (
            <Group gap={4}>
              <Tooltip label="Move up" withArrow>
                <ActionIcon variant="subtle" disabled={first} onClick={() => onMove(-1)} aria-label="Move up">
                  <IconArrowUp size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down" withArrow>
                <ActionIcon
                  variant="subtle"
                  disabled={index === count - 1}
                  onClick={() => onMove(1)}
                  aria-label="Move down"
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove step" withArrow>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={onRemove}
                  aria-label={`Remove step ${index + 1}`}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>
        {first ? (
          <Text size="sm" c="dimmed">
            Sent as soon as the schedule allows after a lead joins the campaign.
          </Text>
        ) : (
          <Group justify="space-between" wrap="wrap" gap="sm">
            <DelayInput
              delay={step.delay}
              unit={step.unit}
              readOnly={readOnly}
              onChange={(d) => onChange({ ...step, ...d })}
            />
            <Switch
              label="Send as a new thread"
              description={step.newThread ? "Own subject, not a reply" : "Replies under the first email"}
              checked={step.newThread}
              onChange={(e) => onChange({ ...step, newThread: e.currentTarget.checked })}
              disabled={readOnly}
            />
          </Group>
        )}
        <VariantTabs
          variants={step.variants}
          threaded={!first && !step.newThread}
          customFields={customFields}
          readOnly={readOnly}
          onChange={(variants) => onChange({ ...step, variants })}
        />
      </Stack>
    </Paper>
  );
}
