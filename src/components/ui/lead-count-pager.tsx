"use client";
import { Group, Pagination, Text } from "@mantine/core";

type Props = {
  total: number;
  pageSize: number;
  page: number;
  onPage: (page: number) => void;
  /** the total's test id, for the browser tests */
  testId: string;
};

/** Under a table of leads: how many there are, and the pages when they do not fit on one. */
export function LeadCountPager({ total, pageSize, page, onPage, testId }: Props) {
  return (
    <Group justify="space-between" px="sm" py="xs">
      <Text size="sm" c="dimmed" data-testid={testId}>
        {total.toLocaleString()} {total === 1 ? "lead" : "leads"}
      </Text>
      {total > pageSize && (
        <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={onPage} size="sm" />
      )}
    </Group>
  );
}
