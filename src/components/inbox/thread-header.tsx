import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import Link from "next/link";
import { CampaignStateBadge } from "./campaign-state-badge";
import type { Thread } from "./types";

/** Who the thread is with, where they stand in the campaign, and which mailbox it lives in. */
export function ThreadHeader({ thread: t }: { thread: Thread }) {
  const counterpart = t.messages.find((m) => m.direction === "inbound")?.from.email;
  return (
    <Stack gap={4} pb="sm" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
      <Title order={2} fz="lg">
        {t.subject || "(no subject)"}
      </Title>
      <Group gap="xs">
        <Text size="sm" fw={600} data-testid="thread-lead">
          {t.lead
            ? t.lead.name
              ? `${t.lead.name} <${t.lead.email}>`
              : t.lead.email
            : (counterpart ?? "Unknown sender")}
        </Text>
        {t.lead?.status && <CampaignStateBadge status={t.lead.status} />}
        {!t.lead && (
          <Text size="xs" c="dimmed">
            not linked to a lead
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t.campaign ? (
          <>
            Campaign{" "}
            <Anchor component={Link} href={`/campaigns/${t.campaign.id}`} size="xs">
              {t.campaign.name}
            </Anchor>
            {" · "}
          </>
        ) : (
          "No campaign · "
        )}
        Mailbox {t.mailbox.email}
      </Text>
    </Stack>
  );
}
