"use client";
import { Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import type { NotificationPreferencesView } from "@/lib/notifications/api-schemas";

const kinds: { key: keyof NotificationPreferencesView; label: string; description: string }[] = [
  {
    key: "campaignPaused",
    label: "Campaign paused",
    description: "When a campaign stops sending: paused automatically, or by someone else.",
  },
  {
    key: "mailboxError",
    label: "Mailbox error",
    description: "When a mailbox stops sending: its login or token fails, or a receiver refuses it.",
  },
  {
    key: "domainHealth",
    label: "Domain health changed",
    description: "When a domain's health check gets worse or better.",
  },
  {
    key: "dailyDigest",
    label: "Daily digest",
    description:
      "Yesterday's sent, replies, interested, bounces and complaints, at 07:00 UTC. None on a quiet day.",
  },
];

/** The person's own switches in this workspace; each change is saved at once. */
export function NotificationSwitches({ initial }: { initial: NotificationPreferencesView }) {
  const [prefs, setPrefs] = useState(initial);
  const [saving, setSaving] = useState<string | null>(null);
  useEffect(() => setPrefs(initial), [initial]);

  const toggle = async (key: keyof NotificationPreferencesView, on: boolean) => {
    const next = { ...prefs, [key]: on };
    setPrefs(next);
    setSaving(key);
    try {
      setPrefs(
        await api<NotificationPreferencesView>("/api/v1/me/notifications", { method: "PUT", body: next }),
      );
    } catch (err) {
      setPrefs(prefs);
      notifyError(err, "Could not save the notification");
    } finally {
      setSaving(null);
    }
  };

  return (
    <Paper withBorder p="lg" radius="lg">
      <Title order={3} fz="lg" mb={4}>
        Email me when…
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Your choices for this workspace only. Each email is short, with a link to what happened.
      </Text>
      <Stack gap="md">
        {kinds.map((k) => (
          <Switch
            key={k.key}
            label={k.label}
            description={k.description}
            checked={prefs[k.key]}
            disabled={saving === k.key}
            onChange={(e) => void toggle(k.key, e.currentTarget.checked)}
            data-testid={`notify-${k.key}`}
          />
        ))}
      </Stack>
    </Paper>
  );
}
