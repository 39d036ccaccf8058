"use client";
import { Badge, Button, Group, Switch, Table, Text } from "@mantine/core";
import { formatDateTime } from "@/components/ui/format";
import { ListTable } from "@/components/ui/list-table";
import type { Webhook, WebhookTestResult } from "./types";

type Props = {
  webhooks: Webhook[];
  canManage: boolean;
  testing: string | null;
  results: Record<string, WebhookTestResult>;
  toggling: string | null;
  onTest: (webhook: Webhook) => void;
  onToggle: (webhook: Webhook, enabled: boolean) => void;
  onDelete: (webhook: Webhook) => void;
};

export function WebhooksTable({
  webhooks,
  canManage,
  testing,
  results,
  toggling,
  onTest,
  onToggle,
  onDelete,
}: Props) {
  return (
    <ListTable
      testId="webhooks-table"
      minWidth={720}
      columns={[{ label: "Enabled", w: 120 }, "URL", "Events", "Created", ...(canManage ? [{}] : [])]}
    >
      {webhooks.map((w) => (
        <Table.Tr key={w.id} data-testid={`webhook-row-${w.id}`} opacity={w.enabled ? 1 : 0.75}>
          <Table.Td>
            {canManage ? (
              <Switch
                checked={w.enabled}
                disabled={toggling === w.id}
                onChange={(e) => onToggle(w, e.currentTarget.checked)}
                label={w.enabled ? "On" : "Off"}
                aria-label={`Deliver events to ${w.url}`}
              />
            ) : (
              <Badge variant="light" color={w.enabled ? "teal" : "gray"}>
                {w.enabled ? "On" : "Off"}
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm" fw={500} style={{ wordBreak: "break-all" }}>
              {w.url}
            </Text>
            {!w.enabled && (
              <Text size="xs" c="dimmed" data-testid="webhook-disabled-note">
                Disabled: receives no events until turned back on
              </Text>
            )}
            <TestResult result={results[w.id]} />
          </Table.Td>
          <Table.Td>
            {w.eventTypes.length === 0 ? (
              <Badge variant="light">All events</Badge>
            ) : (
              <Group gap={4}>
                {w.eventTypes.map((t) => (
                  <Badge key={t} variant="light" color="gray" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            )}
          </Table.Td>
          <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
          {canManage && (
            <Table.Td ta="right">
              <Group gap="xs" justify="flex-end" wrap="nowrap">
                <Button size="xs" variant="light" loading={testing === w.id} onClick={() => onTest(w)}>
                  Send test
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(w)}>
                  Delete
                </Button>
              </Group>
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </ListTable>
  );
}

function TestResult({ result }: { result: WebhookTestResult | undefined }) {
  if (!result) return null;
  return (
    <Text size="xs" c={result.ok ? "teal" : "red"} data-testid="webhook-test-result">
      {result.ok
        ? `Test event accepted (${result.statusCode})`
        : `Test event failed: ${result.error ?? `status ${result.statusCode}`}`}
    </Text>
  );
}
