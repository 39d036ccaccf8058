"use client";
import { Alert, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { FeatureEmptyState } from "./feature-empty-state";

type Props<T> = {
  title: string;
  description: ReactNode;
  /** what is listed, in the plural ("keys"), for the messages */
  things: string;
  /** whether the caller may change things: the form shows for admins, what only admins can do for the others */
  admin: boolean;
  /** the caller's role is known (until then neither the form nor the note shows) */
  roleKnown: boolean;
  /** "create or revoke keys" */
  adminCan: string;
  form: ReactNode;
  list: { data: { data: T[] } | null; error: string | null };
  empty: { icon: ReactNode; title: string; description: string };
  /** the table of the rows, when there are some */
  table: (rows: T[]) => ReactNode;
  skeletonHeight?: number;
  /** shown above everything: what is missing for the page's things to work */
  notice?: ReactNode;
  /** modals and the like */
  children?: ReactNode;
};

/**
 * A settings page that lists things (API keys, webhooks, provider accounts): what they are and the
 * form to add one (admins), then loading, an error, an empty state or the table.
 */
export function SettingsListPage<T>(p: Props<T>) {
  const rows = p.list.data?.data;
  return (
    <Stack gap="lg" maw={960}>
      {p.notice}
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb={4}>
          {p.title}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {p.description}
        </Text>
        {p.roleKnown && !p.admin && (
          <Alert color="gray" variant="light">
            Only owners and admins can {p.adminCan}.
          </Alert>
        )}
        {p.admin && p.form}
      </Paper>
      {p.list.error && (
        <Alert color="red" title={`Could not load the ${p.things}`}>
          {p.list.error}
        </Alert>
      )}
      {!rows && !p.list.error && <Skeleton h={p.skeletonHeight ?? 160} radius="lg" />}
      {rows && rows.length === 0 && <FeatureEmptyState {...p.empty} />}
      {rows && rows.length > 0 && (
        <Paper withBorder radius="lg" p="xs">
          {p.table(rows)}
        </Paper>
      )}
      {p.children}
    </Stack>
  );
}
