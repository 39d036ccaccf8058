"use client";
import { ActionIcon, Anchor, Button, Group, Paper, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconList, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDate } from "@/components/ui/format";
import { ListTable } from "@/components/ui/list-table";
import { notifyError } from "@/components/ui/notify";
import { useConfirmedDelete } from "@/components/ui/use-confirmed-delete";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import type { LeadList } from "./types";

type Props = { lists: LeadList[]; onChanged: () => Promise<void>; onOpen: (list: LeadList) => void };

/** Lead lists with their sizes: create, open (filters the leads tab) and delete. */
export function ListsPanel({ lists, onChanged, onOpen }: Props) {
  const admin = useIsAdmin();
  const [name, setName] = useState("");
  const [saving, setSaving] = useState(false);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setSaving(true);
    try {
      await api("/api/v1/lead-lists", { body: { name: name.trim() } });
      setName("");
      await onChanged();
    } catch (err) {
      notifyError(err, "Could not create the list");
    } finally {
      setSaving(false);
    }
  };
  const deleting = useConfirmedDelete<LeadList>({
    path: (l) => `/api/v1/lead-lists/${l.id}`,
    title: "Delete list",
    question: (l) => `Delete the list “${l.name}”? Its ${l.leadCount} leads stay in the workspace.`,
    confirmLabel: "Delete list",
    done: (l) => `List “${l.name}” deleted; its leads are still in the workspace`,
    failed: "Could not delete the list",
    reload: onChanged,
  });

  return (
    <>
      <form onSubmit={create}>
        <Group mb="md" align="flex-start">
          <TextInput
            placeholder="New list, e.g. SaaS founders Q3"
            aria-label="List name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
            w={320}
          />
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={saving} disabled={!name.trim()}>
            Create list
          </Button>
        </Group>
      </form>
      {lists.length === 0 ? (
        <FeatureEmptyState
          icon={<IconList size={28} stroke={1.5} />}
          title="No lists yet"
          description="Lists group leads for campaigns. Create one here, or name a new list when you import a CSV."
        />
      ) : (
        <Paper withBorder radius="lg" p="xs">
          <ListTable testId="lists-table" minWidth={480} columns={["Name", "Leads", "Created", {}]}>
            {lists.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  <Anchor component="button" size="sm" fw={500} onClick={() => onOpen(l)}>
                    {l.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{l.leadCount.toLocaleString()}</Text>
                </Table.Td>
                <Table.Td>{formatDate(l.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={admin ? "Delete list" : ADMIN_ONLY_HINT} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${l.name}`}
                      disabled={!admin}
                      onClick={() => deleting.ask(l)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </Paper>
      )}
      {deleting.modal}
    </>
  );
}
