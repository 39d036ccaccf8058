"use client";
import { Alert, Group, Pagination, Paper, Skeleton, Text } from "@mantine/core";
import { ThreadRow } from "./thread-row";
import type { Page, ThreadSummary } from "./types";

type Props = {
  threads: Page<ThreadSummary> | null;
  error: string | null;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
};

/** The left pane: a page of threads, newest activity first. */
export function ThreadList({ threads, error, page, pageSize, onPage, selectedId, onSelect }: Props) {
  if (error) {
    return (
      <Alert color="red" title="Could not load the inbox">
        {error}. Reload the page to try again.
      </Alert>
    );
  }
  if (!threads) return <Skeleton h={400} radius="lg" />;
  return (
    <Paper withBorder radius="lg" style={{ overflow: "hidden" }} data-testid="thread-list">
      {threads.data.length === 0 ? (
        <Text size="sm" c="dimmed" p="lg" ta="center">
          No conversations match these filters.
        </Text>
      ) : (
        threads.data.map((t) => (
          <ThreadRow key={t.id} thread={t} selected={t.id === selectedId} onSelect={() => onSelect(t.id)} />
        ))
      )}
      <Group justify="space-between" px="sm" py="xs">
        <Text size="xs" c="dimmed">
          {threads.total.toLocaleString()} {threads.total === 1 ? "conversation" : "conversations"}
        </Text>
        {threads.total > pageSize && (
          <Pagination total={Math.ceil(threads.total / pageSize)} value={page} onChange={onPage} size="sm" />
        )}
      </Group>
    </Paper>
  );
}
