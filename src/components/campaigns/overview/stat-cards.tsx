import { Paper, SimpleGrid, Text } from "@mantine/core";
import type { CampaignAnalytics } from "../types";

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 1000) / 10}%` : "—");

/** Totals of the campaign: emails sent, and each outcome as a count and a share of the sent. */
export function StatCards({ totals }: { totals: CampaignAnalytics["totals"] }) {
  const { sent } = totals;
  const cards = [
    { key: "sent", label: "Sent", value: sent.toLocaleString(), sub: "emails" },
    { key: "opened", label: "Opened", value: pct(totals.opened, sent), sub: `${totals.opened} emails` },
    { key: "clicked", label: "Clicked", value: pct(totals.clicked, sent), sub: `${totals.clicked} emails` },
    { key: "replied", label: "Replied", value: pct(totals.replied, sent), sub: `${totals.replied} replies` },
    {
      key: "bounced",
      label: "Bounced",
      value: totals.bounced.toLocaleString(),
      sub: pct(totals.bounced, sent),
    },
    {
      key: "unsubscribed",
      label: "Unsubscribed",
      value: totals.unsubscribed.toLocaleString(),
      sub: pct(totals.unsubscribed, sent),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
      {cards.map((c) => (
        <Paper key={c.key} withBorder radius="lg" p="md" data-testid={`stat-${c.key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {c.label}
          </Text>
          <Text fz={26} fw={700} lh={1.3} data-testid={`stat-${c.key}-value`}>
            {c.value}
          </Text>
          <Text size="xs" c="dimmed">
            {c.sub}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
