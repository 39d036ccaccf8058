"use client";
import { Table } from "@mantine/core";
import type { ReactNode } from "react";

/** A column heading: its words (none for the column of buttons) and, when it needs one, its width. */
export type ListColumn = string | { label?: string; w?: number };

type Props = {
  /** the browser tests find the table by it */
  testId: string;
  /** below this width the table scrolls sideways instead of squeezing its columns */
  minWidth: number;
  columns: ListColumn[];
  /** the rows */
  children: ReactNode;
};

/** The list tables of the app (mailboxes, leads, imports, webhooks): headings, then one row a thing. */
export function ListTable({ testId, minWidth, columns, children }: Props) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="sm" highlightOnHover data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const { label, w } = typeof c === "string" ? { label: c, w: undefined } : c;
              // headings are unique; the one without words is the column of buttons
              return (
                <Table.Th key={label ?? "actions"} w={w}>
                  {label}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
