"use client";
import {
  ActionIcon,
  Alert,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAddressBook, IconSearch, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDate } from "@/components/ui/format";
import { LeadCountPager } from "@/components/ui/lead-count-pager";
import { ListTable } from "@/components/ui/list-table";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { LeadDrawer } from "./lead-drawer";
import { LeadStatusBadge } from "./lead-status-badge";
import { fullName, type Lead, type LeadList, type Page } from "./types";

const PAGE_SIZE = 50;

type Props = {
  lists: LeadList[];
  listId: string | null;
  onListChange: (id: string | null) => void;
  version: number;
};

/** The workspace's leads: search, status and list filters, pages of 50. */
export function LeadsTable({ lists, listId, onListChange, version }: Props) {
  const admin = useIsAdmin();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState("all");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Lead | null>(null);
  const [deleting, setDeleting] = useState<Lead | null>(null);
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (debounced) params.set("search", debounced);
  if (status !== "all") params.set("status", status);
  if (listId) params.set("listId", listId);
  const leads = useApi<Page<Lead>>(`/api/v1/leads?${params}&v=${version}`);
  const filtered = Boolean(debounced || status !== "all" || listId);

  const remove = async () => {
    if (!deleting) return;
    try {
      await api(`/api/v1/leads/${deleting.id}`, { method: "DELETE" });
      notifySuccess(`${deleting.email} deleted`);
      setDeleting(null);
      await leads.reload();
    } catch (err) {
      notifyError(err, "Could not delete the lead");
    }
  };
  const filter = (fn: () => void) => {
    fn();
    setPage(1);
  };

  return (
    <>
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          placeholder="Search email, name or company"
          aria-label="Search leads"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => filter(() => setSearch(e.currentTarget.value))}
          w={300}
        />
        <SegmentedControl
          value={status}
          onChange={(v) => filter(() => setStatus(v))}
          data={[
            { value: "all", label: "All" },
            { value: "active", label: "Active" },
            { value: "unsubscribed", label: "Unsubscribed" },
            { value: "bounced", label: "Bounced" },
          ]}
        />
        <Select
          placeholder="All lists"
          aria-label="List"
          clearable
          data={lists.map((l) => ({ value: l.id, label: `${l.name} (${l.leadCount})` }))}
          value={listId}
          onChange={(v) => filter(() => onListChange(v))}
          w={220}
        />
      </Group>
      {leads.error && (
        <Alert color="red" title="Could not load leads">
          {leads.error}. Reload the page to try again.
        </Alert>
      )}
      {!leads.data && !leads.error && <Skeleton h={240} radius="lg" />}
      {leads.data && leads.data.total === 0 && (
        <FeatureEmptyState
          icon={<IconAddressBook size={28} stroke={1.5} />}
          title={filtered ? "No leads match" : "No leads yet"}
          description={
            filtered
              ? "Change the search or filters to see more."
              : "Import leads from a CSV file with email, name, company and any custom fields you want to use as template variables."
          }
          hint={filtered ? undefined : "Leads who bounce or unsubscribe are suppressed across all campaigns."}
        />
      )}
      {leads.data && leads.data.total > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <ListTable
            testId="leads-table"
            minWidth={760}
            columns={["Email", "Name", "Company", "Title", "Status", "Added", {}]}
          >
            {leads.data.data.map((l) => (
              <Table.Tr key={l.id} onClick={() => setOpen(l)} style={{ cursor: "pointer" }}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {l.email}
                  </Text>
                </Table.Td>
                <Table.Td>{fullName(l) || "—"}</Table.Td>
                <Table.Td>{l.company ?? "—"}</Table.Td>
                <Table.Td>{l.title ?? "—"}</Table.Td>
                <Table.Td>
                  <LeadStatusBadge status={l.status} />
                </Table.Td>
                <Table.Td>{formatDate(l.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={admin ? "Delete lead" : ADMIN_ONLY_HINT} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${l.email}`}
                      disabled={!admin}
                      onClick={(e) => {
                        e.stopPropagation();
                        setDeleting(l);
                      }}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
          <LeadCountPager
            total={leads.data.total}
            pageSize={PAGE_SIZE}
            page={page}
            onPage={setPage}
            testId="leads-total"
          />
        </Paper>
      )}
      <LeadDrawer lead={open} lists={lists} onClose={() => setOpen(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete lead"
        message={`Delete ${deleting?.email ?? ""}? Their campaign history goes with them. To stop emailing someone but keep the record, suppress the address instead.`}
        confirmLabel="Delete lead"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
