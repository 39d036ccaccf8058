"use client";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Select,
  Skeleton,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBan, IconSearch, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { formatDateTime } from "@/components/ui/format";
import { notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { useConfirmedDelete } from "@/components/ui/use-confirmed-delete";
import type { Page, Suppression } from "./types";

const PAGE_SIZE = 50;
const reasons = [
  { value: "blocked", label: "Blocked" },
  { value: "unsubscribed", label: "Unsubscribed" },
  { value: "bounced", label: "Bounced" },
  { value: "complained", label: "Complained" },
];

/** Addresses and domains never emailed by any campaign; admins can lift an entry. */
export function SuppressionPanel({ canLift }: { canLift: boolean }) {
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("blocked");
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (debounced) params.set("search", debounced);
  const list = useApi<Page<Suppression>>(`/api/v1/suppressions?${params}`);
  const lifting = useConfirmedDelete<Suppression>({
    path: (s) => `/api/v1/suppressions/${s.id}`,
    title: "Lift suppression",
    question: (s) =>
      `Allow campaigns to email ${s.kind === "domain" ? `anyone at ${s.value}` : s.value} again? Only do this if they asked to hear from you.`,
    confirmLabel: "Lift suppression",
    done: (s) => `${s.value} can be emailed again`,
    failed: "Could not lift the suppression",
    reload: list.reload,
  });

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setFieldError(null);
    try {
      const res = await api<{ suppression: Suppression; created: boolean }>("/api/v1/suppressions", {
        body: { value: value.trim(), reason },
      });
      const what =
        res.suppression.kind === "domain" ? `Everyone at ${res.suppression.value}` : res.suppression.value;
      notifySuccess(
        res.created ? `${what} will not be emailed` : `${res.suppression.value} was already suppressed`,
      );
      setValue("");
      await list.reload();
    } catch (err) {
      setFieldError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Paper withBorder radius="lg" p="lg" mb="md">
        <Text size="sm" c="dimmed" mb="sm">
          No campaign sends to a suppressed address, or to anyone at a suppressed domain (subdomains
          included). Unsubscribes and hard bounces are added here automatically.
        </Text>
        <form onSubmit={add}>
          <Group align="flex-start">
            <TextInput
              placeholder="name@company.com or company.com"
              aria-label="Email or domain to suppress"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              w={340}
            />
            <Select
              aria-label="Reason"
              data={reasons}
              value={reason}
              onChange={(v) => v && setReason(v)}
              allowDeselect={false}
              w={170}
            />
            <Button
              type="submit"
              leftSection={<IconBan size={16} />}
              loading={saving}
              disabled={!value.trim()}
            >
              Suppress
            </Button>
          </Group>
        </form>
      </Paper>
      <TextInput
        placeholder="Search"
        aria-label="Search suppressions"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        w={300}
        mb="md"
      />
      {list.error && (
        <Alert color="red" title="Could not load the suppression list">
          {list.error}. Reload the page to try again.
        </Alert>
      )}
      {!list.data && !list.error && <Skeleton h={160} radius="lg" />}
      {list.data && list.data.total === 0 && (
        <FeatureEmptyState
          icon={<IconBan size={28} stroke={1.5} />}
          title={debounced ? "Nothing matches" : "Nobody is suppressed yet"}
          description="Add an address or a whole domain above to make sure no campaign ever emails it."
        />
      )}
      {list.data && list.data.total > 0 && (
        <Paper withBorder radius="lg" p="xs">
          <Table verticalSpacing="sm" highlightOnHover data-testid="suppressions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email or domain</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Added</Table.Th>
                {canLift && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {s.kind === "domain" ? `*@${s.value}` : s.value}
                      </Text>
                      {s.kind === "domain" && (
                        <Badge size="xs" variant="outline">
                          domain
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td tt="capitalize">{s.reason}</Table.Td>
                  <Table.Td>{s.source ?? "—"}</Table.Td>
                  <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                  {canLift && (
                    <Table.Td ta="right">
                      <Tooltip label="Lift suppression" withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Lift ${s.value}`}
                          onClick={() => lifting.ask(s)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data.total > PAGE_SIZE && (
            <Group justify="flex-end" p="xs">
              <Pagination
                total={Math.ceil(list.data.total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                size="sm"
              />
            </Group>
          )}
        </Paper>
      )}
      {lifting.modal}
    </>
  );
}
