"use client";
import { Alert, Anchor, Badge, Modal, Paper, Skeleton, Table, Text } from "@mantine/core";
import { IconFileImport } from "@tabler/icons-react";
import { useState } from "react";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDateTime } from "@/components/ui/format";
import { ListTable } from "@/components/ui/list-table";
import { useApi } from "@/components/ui/use-api";
import { ImportProgress } from "./import/import-progress";
import type { LeadImport } from "./types";

const statusColor: Record<LeadImport["status"], string> = {
  pending: "gray",
  running: "indigo",
  completed: "teal",
  failed: "red",
};

/** Recent imports; opening one shows its progress or its skipped rows. */
export function ImportsPanel({ version }: { version: number }) {
  const imports = useApi<{ data: LeadImport[] }>(`/api/v1/lead-imports?v=${version}`);
  const [open, setOpen] = useState<LeadImport | null>(null);
  if (imports.error)
    return (
      <Alert color="red" title="Could not load imports">
        {imports.error}. Reload the page to try again.
      </Alert>
    );
  if (!imports.data) return <Skeleton h={160} radius="lg" />;
  if (imports.data.data.length === 0)
    return (
      <FeatureEmptyState
        icon={<IconFileImport size={28} stroke={1.5} />}
        title="No imports yet"
        description="Use “Import CSV” to bring in leads; each import is listed here with what it added and skipped."
      />
    );
  return (
    <Paper withBorder radius="lg" p="xs">
      <ListTable
        testId="imports-table"
        minWidth={700}
        columns={["File", "Started", "Status", "New", "Updated", "Skipped"]}
      >
        {imports.data.data.map((i) => (
          <Table.Tr key={i.id}>
            <Table.Td>
              <Anchor component="button" size="sm" fw={500} onClick={() => setOpen(i)}>
                {i.filename}
              </Anchor>
            </Table.Td>
            <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
            <Table.Td>
              <Badge color={statusColor[i.status]} variant="light" tt="capitalize">
                {i.status === "running" ? `${Math.round(i.progress * 100)}%` : i.status}
              </Badge>
            </Table.Td>
            <Table.Td>{i.imported.toLocaleString()}</Table.Td>
            <Table.Td>{i.updated.toLocaleString()}</Table.Td>
            <Table.Td>
              <Text size="sm" c={i.failed ? "red" : undefined}>
                {(i.failed + i.duplicates).toLocaleString()}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.filename} size="xl">
        {open && <ImportProgress importId={open.id} />}
      </Modal>
    </Paper>
  );
}
