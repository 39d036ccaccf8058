"use client";
import { Group, NumberInput, Select, Text } from "@mantine/core";
import type { DelayUnit } from "./sequence-draft";

type Props = {
  delay: number;
  unit: DelayUnit;
  readOnly: boolean;
  onChange: (next: { delay: number; unit: DelayUnit }) => void;
};

/** "Wait [3] [days] after the previous step". */
export function DelayInput({ delay, unit, readOnly, onChange }: Props) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">Wait</Text>
      <NumberInput
        aria-label="Wait"
        w={80}
        min={0}
        max={unit === "days" ? 365 : 8760}
        allowDecimal={unit === "hours"}
        value={delay}
        onChange={(v) => onChange({ delay: typeof v === "number" ? v : 0, unit })}
        readOnly={readOnly}
      />
      <Select
        aria-label="Wait unit"
        w={100}
        data={[
          { value: "days", label: "days" },
          { value: "hours", label: "hours" },
        ]}
        value={unit}
        allowDeselect={false}
        onChange={(v) => v && onChange({ delay, unit: v as DelayUnit })}
        readOnly={readOnly}
      />
      <Text size="sm">after the previous step</Text>
    </Group>
  );
}
