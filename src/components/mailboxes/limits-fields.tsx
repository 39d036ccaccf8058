"use client";
import { Group, NumberInput, Stack, Switch, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";

export type LimitValues = {
  dailyLimit: number | string;
  minGapMinutes: number | string;
  maxGapMinutes: number | string;
  rampEnabled: boolean;
  rampStart: number | string;
  rampIncrement: number | string;
};

export const defaultLimits: LimitValues = {
  dailyLimit: 30,
  minGapMinutes: 8,
  maxGapMinutes: 15,
  rampEnabled: false,
  rampStart: 5,
  rampIncrement: 2,
};

/** Daily limit, random gap and ramp-up: how slowly and how much a mailbox sends. */
export function LimitsFields<T extends LimitValues>({ form }: { form: UseFormReturnType<T> }) {
  const v = form.getValues();
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <NumberInput
          label="Daily limit"
          description="Most emails a day"
          min={1}
          max={10000}
          {...form.getInputProps("dailyLimit")}
        />
        <NumberInput
          label="Min gap (minutes)"
          description="Random wait between sends…"
          min={0}
          max={1440}
          {...form.getInputProps("minGapMinutes")}
        />
        <NumberInput
          label="Max gap (minutes)"
          description="…up to this long"
          min={0}
          max={1440}
          {...form.getInputProps("maxGapMinutes")}
        />
      </Group>
      <Switch
        label="Ramp up slowly (warm a new mailbox)"
        {...form.getInputProps("rampEnabled", { type: "checkbox" })}
      />
      {v.rampEnabled && (
        <>
          <Group grow align="flex-start">
            <NumberInput label="Start at (a day)" min={1} max={10000} {...form.getInputProps("rampStart")} />
            <NumberInput label="Add each day" min={1} max={10000} {...form.getInputProps("rampIncrement")} />
          </Group>
          <Text size="xs" c="dimmed">
            {v.rampStart} on the first day, then {v.rampIncrement} more each day, up to {v.dailyLimit} a day.
          </Text>
        </>
      )}
    </Stack>
  );
}

/** The form's limit values as the API takes them (numbers). */
export function limitsPayload(v: LimitValues) {
  return {
    dailyLimit: Number(v.dailyLimit),
    minGapMinutes: Number(v.minGapMinutes),
    maxGapMinutes: Number(v.maxGapMinutes),
    rampEnabled: v.rampEnabled,
    rampStart: Number(v.rampStart),
    rampIncrement: Number(v.rampIncrement),
  };
}
