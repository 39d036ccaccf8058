import { Box, Group, Text, UnstyledButton } from "@mantine/core";
import { CampaignStateBadge } from "./campaign-state-badge";
import { CategoryBadge } from "./category-badge";
import { displayName, shortTime, type ThreadSummary } from "./types";

type Props = { thread: ThreadSummary; selected: boolean; onSelect: () => void };

/**
 * One thread in the list: who, subject, snippet, when, its category, whether it is unread, and for
 * a campaign conversation the lead's state in it (replied, bounced…) and the campaign's name.
 */
export function ThreadRow({ thread: t, selected, onSelect }: Props) {
  return (
    <UnstyledButton
      onClick={onSelect}
      w="100%"
      px="sm"
      py="xs"
      data-testid="thread-row"
      aria-current={selected || undefined}
      style={{
        display: "block",
        borderBottom: "1px solid var(--mantine-color-default-border)",
        background: selected ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Group gap={8} wrap="nowrap" justify="space-between">
        <Group gap={8} wrap="nowrap" miw={0}>
          <Box
            w={8}
            h={8}
            style={{
              flexShrink: 0,
              borderRadius: "50%",
              background: t.unread ? "var(--mantine-primary-color-filled)" : "transparent",
            }}
            aria-label={t.unread ? "Unread" : undefined}
          />
          <Text size="sm" fw={t.unread ? 700 : 500} truncate>
            {displayName(t.from)}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {shortTime(t.lastMessageAt)}
        </Text>
      </Group>
      <Box pl={16}>
        <Text size="sm" fw={t.unread ? 600 : 400} truncate>
          {t.subject || "(no subject)"}
          {t.messageCount > 1 && (
            <Text span c="dimmed" size="xs">
              {" "}
              ({t.messageCount})
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {t.snippet || "—"}
        </Text>
        <Group gap={6} mt={4} wrap="nowrap">
          <CategoryBadge category={t.category} intent={t.intent} />
          {t.campaign && t.lead?.status && <CampaignStateBadge status={t.lead.status} size="xs" />}
          {t.campaign && (
            <Text size="xs" c="dimmed" truncate>
              {t.campaign.name}
            </Text>
          )}
        </Group>
      </Box>
    </UnstyledButton>
  );
}
