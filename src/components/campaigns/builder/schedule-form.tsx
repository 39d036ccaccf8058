"use client";
import {
  Chip,
  Group,
  Input,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMemo } from "react";
import { SendingOptions } from "./sending-options";
import type { SettingsDraft } from "./use-campaign-draft";

type Props = { settings: SettingsDraft; onChange: (s: SettingsDraft) => void };

// Monday first, as most calendars people use here; values are 0 = Sunday … 6 = Saturday
const days = [1, 2, 3, 4, 5, 6, 0].map((d) => ({
  value: String(d),
  label: new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" }).format(
    Date.UTC(2024, 0, 7 + d),
  ),
}));

const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
// every half hour; 24:00 ends a window at midnight
const times = Array.from({ length: 49 }, (_, i) => ({ value: String(i * 30), label: hhmm(i * 30) }));

function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/** Name, sending window in the campaign's time zone, daily cap and sending options. */
export function ScheduleForm({ settings, onChange }: Props) {
  const zones = useMemo(timeZones, []);
  const set = (patch: Partial<SettingsDraft>) => onChange({ ...settings, ...patch });
  const windowError =
    settings.sendStartMinute >= settings.sendEndMinute ? "The window must end after it starts" : undefined;
  return (
    <Stack gap="md">
      <Paper withBorder radius="lg" p="lg">
        <Stack gap="md">
          <TextInput
            label="Campaign name"
            value={settings.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            maxLength={120}
            maw={480}
          />
          <Title order={3} fz="md">
            Sending window
          </Title>
          <Select
            label="Time zone"
            description="The days and hours below are read in this zone"
            data={zones}
            value={settings.timezone}
            onChange={(v) => v && set({ timezone: v })}
            searchable
            allowDeselect={false}
            maw={360}
          />
          <div>
            <Input.Label mb={6}>Days</Input.Label>
            <Chip.Group
              multiple
              value={settings.sendDays.map(String)}
              onChange={(v) => set({ sendDays: v.map(Number).sort() })}
            >
              <Group gap="xs">
                {days.map((d) => (
                  <Chip key={d.value} value={d.value} variant="outline">
                    {d.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 3 }} maw={720}>
            <Select
              label="From"
              data={times.slice(0, -1)}
              value={String(settings.sendStartMinute)}
              onChange={(v) => v && set({ sendStartMinute: Number(v) })}
              allowDeselect={false}
            />
            <Select
              label="Until"
              data={times.slice(1)}
              value={String(settings.sendEndMinute)}
              onChange={(v) => v && set({ sendEndMinute: Number(v) })}
              allowDeselect={false}
              error={windowError}
            />
            <NumberInput
              label="Daily cap"
              description="Emails a day across all mailboxes; empty for no cap"
              inputWrapperOrder={["label", "input", "description", "error"]}
              min={1}
              max={100_000}
              allowDecimal={false}
              value={settings.dailyCap ?? ""}
              onChange={(v) => set({ dailyCap: typeof v === "number" ? v : null })}
            />
          </SimpleGrid>
          {settings.sendDays.length === 0 && (
            <Text size="sm" c="red">
              Pick at least one day, or nothing is sent.
            </Text>
          )}
        </Stack>
      </Paper>
      <SendingOptions settings={settings} onChange={set} />
    </Stack>
  );
}
