"use client";
import { Paper, Stack, Switch, Title } from "@mantine/core";
import type { SettingsDraft } from "./use-campaign-draft";

type Props = { settings: SettingsDraft; onChange: (patch: Partial<SettingsDraft>) => void };

const options: { key: keyof SettingsDraft; label: string; description: string }[] = [
  {
    key: "stopOnReply",
    label: "Stop on reply",
    description: "A lead who replies gets no more steps.",
  },
  {
    key: "stopOnCompanyReply",
    label: "Stop when anyone at the company replies",
    description:
      "A reply from anyone at a lead's email domain also stops the campaign's other leads at that domain.",
  },
  {
    key: "trackOpens",
    label: "Track opens",
    description: "Adds an invisible image; some inboxes treat it as a tracking signal.",
  },
  {
    key: "trackClicks",
    label: "Track clicks",
    description: "Links go through your tracking domain before they reach the page.",
  },
  {
    key: "plainTextOnly",
    label: "Plain text only",
    description: "Send only the text part: no HTML, so no open pixel or tracked links. Often lands better.",
  },
];

export function SendingOptions({ settings, onChange }: Props) {
  return (
    <Paper withBorder radius="lg" p="lg">
      <Title order={3} fz="md" mb="md">
        Options
      </Title>
      <Stack gap="md">
        {options.map((o) => (
          <Switch
            key={o.key}
            label={o.label}
            description={o.description}
            checked={Boolean(settings[o.key])}
            onChange={(e) => onChange({ [o.key]: e.currentTarget.checked })}
          />
        ))}
      </Stack>
    </Paper>
  );
}
