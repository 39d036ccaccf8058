"use client";
import { ActionIcon, Badge, Button, Group, Menu, Progress, Stack, Table, Text, Tooltip } from "@mantine/core";
import {
  IconDots,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlugConnected,
  IconTrash,
} from "@tabler/icons-react";
import { formatDateTime } from "@/components/ui/format";
import { ListTable } from "@/components/ui/list-table";
import { ADMIN_ONLY_HINT } from "@/components/ui/use-is-admin";
import type { Mailbox } from "./types";

type Props = {
  mailboxes: Mailbox[];
  testing: string | null;
  onTest: (m: Mailbox) => void;
  onEdit: (m: Mailbox) => void;
  onPause: (m: Mailbox) => void;
  onResume: (m: Mailbox) => void;
  onDelete: (m: Mailbox) => void;
  /** owners and admins edit and disconnect mailboxes; members test, pause and resume them */
  admin: boolean;
};

const providerLabel = { smtp: "SMTP", google: "Google", microsoft: "Microsoft" } as const;
const statusBadge = {
  active: { color: "teal", label: "Active" },
  paused: { color: "gray", label: "Paused" },
  error: { color: "red", label: "Needs attention" },
} as const;

export function MailboxesTable({
  mailboxes,
  testing,
  onTest,
  onEdit,
  onPause,
  onResume,
  onDelete,
  admin,
}: Props) {
  return (
    <ListTable
      testId="mailboxes-table"
      minWidth={860}
      columns={[
        "Mailbox",
        "Provider",
        { label: "Status", w: 250 },
        { label: "Sent today", w: 190 },
        "Pace",
        {},
      ]}
    >
      {mailboxes.map((m) => {
        const status = statusBadge[m.status];
        const used = m.todayLimit > 0 ? Math.min(100, (m.sentToday / m.todayLimit) * 100) : 100;
        return (
          <Table.Tr key={m.id} data-testid={`mailbox-row-${m.email}`}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {m.email}
              </Text>
              {m.fromName && (
                <Text size="xs" c="dimmed">
                  {m.fromName}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge variant="outline" color="gray">
                {providerLabel[m.provider]}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Stack gap={2} align="flex-start">
                <Badge color={status.color} variant="light" data-testid="mailbox-status">
                  {status.label}
                </Badge>
                {m.statusReason && m.status !== "active" && (
                  <Text
                    size="xs"
                    c={m.status === "error" ? "red" : "dimmed"}
                    data-testid="mailbox-status-reason"
                  >
                    {m.statusReason}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {m.sentToday} / {m.todayLimit}
                {m.todayLimit < m.dailyLimit && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    (ramping to {m.dailyLimit})
                  </Text>
                )}
              </Text>
              <Progress value={used} size="sm" mt={4} color={used >= 100 ? "orange" : "teal"} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                {m.maxGapMinutes === 0 ? "no gap" : `${m.minGapMinutes}–${m.maxGapMinutes} min apart`}
              </Text>
              <Text size="xs" c="dimmed" data-testid="mailbox-next-send" style={{ whiteSpace: "nowrap" }}>
                {nextSend(m)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlugConnected size={14} />}
                  loading={testing === m.id}
                  onClick={() => onTest(m)}
                >
                  Test
                </Button>
                <Tooltip label={admin ? "Edit" : ADMIN_ONLY_HINT}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit ${m.email}`}
                    disabled={!admin}
                    onClick={() => onEdit(m)}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={`More for ${m.email}`}>
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {m.status === "active" ? (
                      <Menu.Item leftSection={<IconPlayerPause size={14} />} onClick={() => onPause(m)}>
                        Pause sending
                      </Menu.Item>
                    ) : (
                      <Menu.Item leftSection={<IconPlayerPlay size={14} />} onClick={() => onResume(m)}>
                        Resume sending
                      </Menu.Item>
                    )}
                    <Menu.Divider />
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      disabled={!admin}
                      title={admin ? undefined : ADMIN_ONLY_HINT}
                      onClick={() => onDelete(m)}
                    >
                      {admin ? "Disconnect" : "Disconnect (admins only)"}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Table.Td>
          </Table.Tr>
        );
      })}
    </ListTable>
  );
}

/** When the mailbox's next campaign email may leave: its real pace, whatever the gap setting says. */
function nextSend(m: Mailbox): string {
  if (m.status !== "active") return "not sending";
  if (m.sentToday >= m.todayLimit) return "today's limit reached";
  if (m.nextSendAt && Date.parse(m.nextSendAt) > Date.now())
    return `next email from ${formatDateTime(m.nextSendAt)}`;
  return "ready for the next email";
}
