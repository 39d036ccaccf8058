"use client";
import { ActionIcon, Anchor, Button, Group, Paper, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconList, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDate } from "@/components/ui/format";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import type { LeadList } from "./types";

type Props = { lists: LeadList[]; onChanged: () => Promise<void>; onOpen: (list: LeadList) => void };

/** Lead lists with their sizes: create, open (filters the leads tab) and delete. */
export function ListsPanel({ lists, onChanged, onOpen }: Props) {
  const admin = useIsAdmin();
  const [name, setName] = useState("");
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<LeadList | null>(null);

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
  const remove = async () => {
    if (!deleting) return;
    try {
      await api(`/api/v1/lead-lists/${deleting.id}`, { method: "DELETE" });
      notifySuccess(`List “${deleting.name}” deleted; its leads are still in the workspace`);
      setDeleting(null);
      await onChanged();
    } catch (err) {
      notifyError(err, "Could not delete the list");
    }
  };

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
          <Table verticalSpacing="sm" highlightOnHover data-testid="lists-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Leads</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                        onClick={() => setDeleting(l)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete list"
        message={`Delete the list “${deleting?.name ?? ""}”? Its ${deleting?.leadCount ?? 0} leads stay in the workspace.`}
        confirmLabel="Delete list"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
