"use client";
import { Badge, Drawer, Group, Stack, Table, Text } from "@mantine/core";
import { formatDateTime } from "@/components/ui/format";
import { useApi } from "@/components/ui/use-api";
import { LeadHistory } from "./lead-history";
import { LeadStatusBadge } from "./lead-status-badge";
import { fullName, type Lead, type LeadList, leadFieldLabels } from "./types";

/** Every field of one lead, custom fields included, and the lists it is on. */
export function LeadDrawer({
  lead,
  lists,
  onClose,
}: {
  lead: Lead | null;
  lists: LeadList[];
  onClose: () => void;
}) {
  return (
    <Drawer opened={lead !== null} onClose={onClose} position="right" size="md" title={lead?.email}>
      {lead && <LeadDetails lead={lead} lists={lists} />}
    </Drawer>
  );
}

function LeadDetails({ lead, lists }: { lead: Lead; lists: LeadList[] }) {
  const detail = useApi<Lead & { listIds: string[] }>(`/api/v1/leads/${lead.id}`);
  const rows: [string, string | null][] = [
    ["Name", fullName(lead) || null],
    ...(["company", "title", "phone", "website"] as const).map((k): [string, string | null] => [
      leadFieldLabels[k]!,
      lead[k],
    ]),
    ...Object.entries(lead.customFields).map(([k, v]): [string, string] => [k, v]),
  ];
  const onLists = lists.filter((l) => detail.data?.listIds.includes(l.id));
  return (
    <Stack>
      <Group gap="xs">
        <LeadStatusBadge status={lead.status} />
        <Text size="sm" c="dimmed">
          added {formatDateTime(lead.createdAt)}
        </Text>
      </Group>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={160}>{label}</Table.Th>
              <Table.Td style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{value || "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {Object.keys(lead.customFields).length > 0 && (
        <Text size="xs" c="dimmed">
          Custom fields fill template variables by name, e.g. {`{{${Object.keys(lead.customFields)[0]}}}`}.
        </Text>
      )}
      <Group gap={6}>
        <Text size="sm" fw={500}>
          Lists:
        </Text>
        {onLists.length === 0 && (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
        {onLists.map((l) => (
          <Badge key={l.id} variant="outline">
            {l.name}
          </Badge>
        ))}
      </Group>
      <LeadHistory leadId={lead.id} />
    </Stack>
  );
}
