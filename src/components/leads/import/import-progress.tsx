"use client";
import { Alert, Group, Paper, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import type { LeadImport } from "../types";

const POLL_MS = 700;
const finished = (s: LeadImport["status"]) => s === "completed" || s === "failed";

/** Polls an import while it runs; when it ends, the counts and every skipped row with its reason. */
export function ImportProgress({
  importId,
  onFinished,
}: {
  importId: string;
  onFinished?: (i: LeadImport) => void;
}) {
  const [view, setView] = useState<LeadImport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api<LeadImport>(`/api/v1/lead-imports/${importId}`);
        if (stopped) return;
        setView(next);
        setError(null);
        if (finished(next.status)) return onFinished?.(next);
      } catch (err) {
        if (!stopped) setError(err instanceof Error ? err.message : String(err));
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [importId, onFinished]);

  const running = !view || !finished(view.status);
  const percent = Math.round((view?.progress ?? 0) * 100);
  return (
    <Stack data-testid="import-progress" data-status={view?.status ?? "pending"}>
      <div>
        <Group justify="space-between" mb={6}>
          <Text size="sm" fw={500}>
            {!view || view.status === "pending"
              ? "Waiting for a worker to start the import…"
              : view.status === "running"
                ? `Importing… ${view.rowsProcessed.toLocaleString()} rows read`
                : view.status === "completed"
                  ? `Done: ${view.rowsProcessed.toLocaleString()} rows read`
                  : "The import stopped"}
          </Text>
          <Text size="sm" c="dimmed">
            {percent}%
          </Text>
        </Group>
        <Progress
          value={view?.status === "failed" ? 100 : percent}
          color={view?.status === "failed" ? "red" : view?.status === "completed" ? "teal" : "indigo"}
          striped={running}
          animated={running}
          size="lg"
          aria-label="Import progress"
        />
      </div>
      {error && (
        <Alert color="orange" variant="light">
          Lost contact with the server ({error}); still trying. The import itself carries on.
        </Alert>
      )}
      {view && (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stat label="New leads" value={view.imported} color="teal" testId="stat-imported" />
          <Stat label="Updated" value={view.updated} hint="already in the workspace" testId="stat-updated" />
          <Stat
            label="Duplicates"
            value={view.duplicates}
            hint="repeated in the file"
            testId="stat-duplicates"
          />
          <Stat
            label="Failed"
            value={view.failed}
            color={view.failed ? "red" : undefined}
            testId="stat-failed"
          />
        </SimpleGrid>
      )}
      {view?.status === "failed" && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The import failed">
          {view.error}
        </Alert>
      )}
      {view?.status === "completed" && view.errors.length === 0 && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
          Every row was imported.
        </Alert>
      )}
      {view && finished(view.status) && view.errors.length > 0 && <BadRows view={view} />}
    </Stack>
  );
}

function Stat({
  label,
  value,
  hint,
  color,
  testId,
}: {
  label: string;
  value: number;
  hint?: string;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={22} fw={650} c={color} data-testid={testId}>
        {value.toLocaleString()}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function BadRows({ view }: { view: LeadImport }) {
  const skipped = view.failed + view.duplicates;
  const listed =
    view.errors.length < skipped ? ` (the first ${view.errors.length.toLocaleString()} are listed)` : "";
  const sentence =
    `${skipped.toLocaleString()} ${skipped === 1 ? "row was" : "rows were"} not imported${listed}. ` +
    `Fix ${skipped === 1 ? "it" : "them"} in the file and import it again: rows already imported are updated, not duplicated.`;
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {sentence}
      </Text>
      <Table.ScrollContainer minWidth={560} mah={260}>
        <Table verticalSpacing={6} striped stickyHeader data-testid="bad-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Line</Table.Th>
              <Table.Th w="30%">Email</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.errors.map((e) => (
              <Table.Tr key={`${e.line}-${e.reason}`}>
                <Table.Td>{e.line}</Table.Td>
                <Table.Td style={{ wordBreak: "break-all" }}>{e.email ?? "—"}</Table.Td>
                <Table.Td>{e.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
