import { Paper, Table, Text } from "@mantine/core";
import type { CampaignAnalytics } from "../types";

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : "—");

/** Each step, and under it each of its variants when it has more than one (the A/B result). */
export function StepStatsTable({ analytics }: { analytics: CampaignAnalytics }) {
  const rows = analytics.steps.flatMap((s) => {
    const variants = analytics.variants.filter((v) => v.stepId === s.stepId);
    return [
      { ...s, key: s.stepId, label: `Step ${s.position}`, strong: true },
      ...(variants.length > 1
        ? variants.map((v) => ({ ...v, key: v.variantId, label: `Variant ${v.label}`, strong: false }))
        : []),
    ];
  });
  return (
    <Paper withBorder radius="lg" p="xs">
      <Text fw={500} px="sm" py="xs">
        By step and variant
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg">
          The campaign has no steps yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs" data-testid="step-stats">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">Sent</Table.Th>
                <Table.Th ta="right">Opened</Table.Th>
                <Table.Th ta="right">Clicked</Table.Th>
                <Table.Th ta="right">Replied</Table.Th>
                <Table.Th ta="right">Bounced</Table.Th>
                <Table.Th ta="right">Unsubscribed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td pl={r.strong ? undefined : "xl"} fw={r.strong ? 500 : undefined}>
                    {r.label}
                  </Table.Td>
                  <Table.Td ta="right">{r.sent}</Table.Td>
                  <Table.Td ta="right">{pct(r.opened, r.sent)}</Table.Td>
                  <Table.Td ta="right">{pct(r.clicked, r.sent)}</Table.Td>
                  <Table.Td ta="right">{pct(r.replied, r.sent)}</Table.Td>
                  <Table.Td ta="right">{r.bounced}</Table.Td>
                  <Table.Td ta="right">{r.unsubscribed}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
