"use client";
import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconLink } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { formatDate } from "@/components/ui/format";
import { notifyError } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import type { LinkSuggestion } from "@/lib/inbox/api-schemas";

const reasonLabels: Record<LinkSuggestion["reason"], string> = {
  named: "named in it",
  subject: "same subject",
  domain: "same company",
};

/**
 * A conversation linked to no lead: who it most likely answers, and why; one click links it, and
 * it then counts as that lead's reply (their sequence stops).
 */
export function LinkPanel({ messageId, onLinked }: { messageId: string; onLinked: () => void }) {
  const suggestions = useApi<{ data: LinkSuggestion[] }>(
    `/api/v1/inbox/messages/${messageId}/link-suggestions`,
  );
  const [linking, setLinking] = useState<string | null>(null);
  const link = async (s: LinkSuggestion) => {
    setLinking(s.leadId);
    try {
      await api(`/api/v1/inbox/messages/${messageId}/link`, {
        body: { leadId: s.leadId, campaignId: s.campaignId },
      });
      onLinked();
    } catch (err) {
      notifyError(err, "Could not link the conversation");
    } finally {
      setLinking(null);
    }
  };
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-yellow-light)" data-testid="link-panel">
      <Text size="sm" fw={600}>
        Not linked to a lead
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        Nothing in this message points at an email we sent (no threading headers, an address we never wrote
        to). Link it to the lead it answers: it then counts as their reply and their sequence stops.
      </Text>
      {suggestions.error && <Alert color="red">{suggestions.error}</Alert>}
      {!suggestions.data && !suggestions.error && <Skeleton h={40} />}
      {suggestions.data?.data.length === 0 && (
        <Text size="xs" c="dimmed">
          No likely lead: no lead we emailed is named in it, shares its subject, or works at the sender's
          domain.
        </Text>
      )}
      <Stack gap={6}>
        {suggestions.data?.data.map((s) => (
          <Group key={s.leadId} justify="space-between" wrap="nowrap" data-testid="link-suggestion">
            <Stack gap={0} miw={0}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={500} truncate>
                  {s.name ? `${s.name} <${s.email}>` : s.email}
                </Text>
                <Badge size="xs" variant="light">
                  {reasonLabels[s.reason]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {s.explanation} · {s.campaignName}
                {s.sentAt ? `, emailed ${formatDate(s.sentAt)}` : ""}
              </Text>
            </Stack>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconLink size={14} />}
              loading={linking === s.leadId}
              disabled={linking !== null && linking !== s.leadId}
              onClick={() => void link(s)}
            >
              Link
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
