"use client";
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconRocket } from "@tabler/icons-react";
import { formatDate, formatDateTime } from "@/components/ui/format";
import type { LaunchPreview } from "@/lib/campaigns/api-schemas";

const n = (v: number) => v.toLocaleString("en-US");

/** What launching will do, shown before the first email goes; "Launch now" confirms. */
export function LaunchSummaryModal({
  preview,
  launching,
  onLaunch,
  onClose,
}: {
  preview: LaunchPreview | null;
  launching: boolean;
  onLaunch: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={preview !== null} onClose={onClose} title="Ready to launch" size="lg" centered>
      {preview && (
        <Stack gap="md" data-testid="launch-summary">
          <SimpleGrid cols={3}>
            <Figure label="Leads" value={n(preview.leads)} testId="summary-leads" />
            <Figure
              label="Emails at most"
              value={n(preview.emails)}
              hint={`${preview.steps} step${preview.steps === 1 ? "" : "s"} each; replies stop a lead's sequence`}
              testId="summary-emails"
            />
            <Figure
              label="A day"
              value={n(preview.dailyVolume)}
              hint={preview.dailyCap !== null ? `campaign cap ${n(preview.dailyCap)}` : "the mailboxes' pace"}
              testId="summary-daily"
            />
          </SimpleGrid>
          <Text size="sm" data-testid="summary-when">
            The first email can leave <b>{formatDateTime(preview.firstSendAt)}</b>
            {preview.moreThanAYear ? (
              <>
                ; at this pace the sequence takes <b>more than a year</b>: add mailboxes or raise their
                limits.
              </>
            ) : preview.lastSendAt ? (
              <>
                ; at this pace the last one leaves around <b>{formatDate(preview.lastSendAt)}</b> (warm-up and
                send days included).
              </>
            ) : (
              "."
            )}
          </Text>
          <Table withTableBorder layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Mailbox</Table.Th>
                <Table.Th w={130}>Today's limit</Table.Th>
                <Table.Th w={130}>Pace a day</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.mailboxes.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td style={{ wordBreak: "break-all" }}>{m.email}</Table.Td>
                  <Table.Td>{n(m.todayLimit)}</Table.Td>
                  <Table.Td>{n(m.perDay)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {preview.mailboxes.some((m) => m.perDay < m.todayLimit) && (
            <Alert color="blue" variant="light">
              A mailbox's pace is its daily limit, or fewer when its gap between emails fits fewer into the
              campaign's sending hours.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Not yet
            </Button>
            <Button
              color="teal"
              leftSection={<IconRocket size={16} />}
              loading={launching}
              onClick={onLaunch}
            >
              Launch now
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
