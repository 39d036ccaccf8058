"use client";
import { Badge, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { CopyField } from "@/components/ui/copy-field";
import { formatDateTime } from "@/components/ui/format";
import type { DnsRecord, RecordCheck } from "./types";

const recordLook: Record<DnsRecord["state"], { color: string; label: string }> = {
  propagated: { color: "teal", label: "Propagated" },
  pending: { color: "gray", label: "Not checked yet" },
  missing: { color: "red", label: "Missing" },
  mismatch: { color: "orange", label: "Different value" },
};
const checkLook: Record<RecordCheck["state"], { color: string; label: string }> = {
  propagated: { color: "teal", label: "found" },
  missing: { color: "red", label: "missing" },
  mismatch: { color: "orange", label: "different" },
  error: { color: "gray", label: "no answer" },
};
const purposeLabel: Record<string, string> = {
  spf: "SPF",
  dkim: "DKIM",
  dmarc: "DMARC",
  mx: "MX",
  tracking: "Tracking",
  redirect: "Redirect",
};

/** "authoritative:ns1.example.net" → "ns1.example.net (authoritative)". */
const serverLabel = (server: string) =>
  server.startsWith("authoritative:") ? `${server.slice("authoritative:".length)} (authoritative)` : server;

function RecordCard({ record }: { record: DnsRecord }) {
  const look = recordLook[record.state];
  const value =
    record.priority != null && record.type === "MX" ? `${record.priority} ${record.content}` : record.content;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="dns-record"
      data-purpose={record.purpose}
      data-state={record.state}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Badge variant="outline" color="gray" radius="sm">
            {purposeLabel[record.purpose] ?? record.purpose}
          </Badge>
          <Text size="sm" fw={600}>
            {record.type}
          </Text>
          <Text size="xs" c="dimmed">
            TTL {record.ttl}
          </Text>
        </Group>
        <Badge variant="light" color={look.color} data-testid="dns-record-state">
          {look.label}
        </Badge>
      </Group>
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="center">
          <Text size="xs" c="dimmed" w={64}>
            Name
          </Text>
          <CopyField value={record.name} label="Copy name" />
        </Group>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Text size="xs" c="dimmed" w={64} pt={6}>
            Expected
          </Text>
          <CopyField value={value} label="Copy value" />
        </Group>
      </Stack>
      {record.checks.length > 0 && (
        <Table mt="sm" fz="xs" verticalSpacing={4} withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Server</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Found</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.checks.map((c) => (
              <Table.Tr key={c.server} data-testid="dns-check" data-state={c.state}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{serverLabel(c.server)}</Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={checkLook[c.state].color}>
                    {checkLook[c.state].label}
                  </Badge>
                </Table.Td>
                <Table.Td
                  style={{ wordBreak: "break-all", fontFamily: "var(--mantine-font-family-monospace)" }}
                >
                  {c.error ?? (c.found.length ? c.found.join(" · ") : "—")}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {record.checkedAt && (
        <Text size="xs" c="dimmed" mt={4}>
          checked {formatDateTime(record.checkedAt)}
        </Text>
      )}
    </Paper>
  );
}

/** Each record the domain should have: the exact value to publish, and what each server answers. */
export function DnsRecords({ records, mode }: { records: DnsRecord[]; mode: string | null }) {
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={500}>DNS records</Text>
      <Text size="sm" c="dimmed" mb="md">
        {mode === "manual"
          ? "Add these records at your DNS host (copy each name and value), then “Check now”."
          : "What each record should be, and what the authoritative servers and resolvers answer."}
      </Text>
      {records.length === 0 ? (
        <Text size="sm" c="dimmed">
          No records to publish yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {records.map((r) => (
            <RecordCard key={r.id} record={r} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}
