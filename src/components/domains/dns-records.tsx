"use client";
import { Badge, Group, Paper, Stack, Text } from "@mantine/core";
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

/** `v=spf1 ~all` and the like: an SPF record with no mechanism but `all` lets no server send. */
const authorisesNobody = (spf: string) => /^v=spf1\s+[-~?+]?all\s*$/i.test(spf.trim());

/** "authoritative:ns1.example.net" → "ns1.example.net (authoritative)". */
const serverLabel = (server: string) =>
  server.startsWith("authoritative:") ? `${server.slice("authoritative:".length)} (authoritative)` : server;

function ServerCheck({ check }: { check: RecordCheck }) {
  const look = checkLook[check.state];
  return (
    <Stack gap={0} data-testid="dns-check" data-state={check.state}>
      <Group gap={6} wrap="nowrap">
        <Badge size="xs" variant="light" color={look.color} style={{ flexShrink: 0 }}>
          {look.label}
        </Badge>
        <Text size="xs">{serverLabel(check.server)}</Text>
      </Group>
      {/* what a server answers matters when it is not what we expect */}
      {check.state !== "propagated" && (
        <Text size="xs" c="dimmed" ff="monospace" pl={4} style={{ overflowWrap: "anywhere" }}>
          {check.error ?? (check.found.length ? `found: ${check.found.join(" · ")}` : "found: nothing")}
        </Text>
      )}
    </Stack>
  );
}

function RecordCard({ record }: { record: DnsRecord }) {
  // checked, but no server answered (each says why below): not "not checked yet"
  const unanswered =
    record.state === "pending" && record.checks.length > 0 && record.checks.every((c) => c.state === "error");
  const look = unanswered ? { color: "gray", label: "No answer yet" } : recordLook[record.state];
  const value =
    record.priority != null && record.type === "MX" ? `${record.priority} ${record.content}` : record.content;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="dns-record"
      data-purpose={record.purpose}
      data-state={record.state}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="outline" color="gray" radius="sm" style={{ flexShrink: 0 }}>
              {purposeLabel[record.purpose] ?? record.purpose}
            </Badge>
            <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
              {record.type}
            </Text>
            <CopyField value={record.name} label="Copy name" />
          </Group>
          <CopyField value={value} label="Copy value" />
          {record.purpose === "spf" && authorisesNobody(record.content) && (
            <Text size="xs" c="orange.8" data-testid="spf-authorises-nobody">
              This SPF record authorises no mail server yet: connect the mailboxes that send from this domain
              on the Mailboxes page, and it will name their servers.
            </Text>
          )}
          {record.checks.length > 0 && (
            <Group gap="lg" align="flex-start">
              {record.checks.map((c) => (
                <ServerCheck key={c.server} check={c} />
              ))}
            </Group>
          )}
        </Stack>
        <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
          <Badge variant="light" color={look.color} data-testid="dns-record-state">
            {look.label}
          </Badge>
          {record.checkedAt && (
            <Text size="xs" c="dimmed">
              {formatDateTime(record.checkedAt)}
            </Text>
          )}
        </Stack>
      </Group>
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
