"use client";
import { Alert, Group, Paper, Select, Skeleton, Table, Text } from "@mantine/core";
import { useState } from "react";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { LeadCountPager } from "@/components/ui/lead-count-pager";
import { useApi } from "@/components/ui/use-api";
import { LeadStateBadge } from "../lead-state-badge";
import { type CampaignLeadsPage, campaignLeadStatuses } from "../types";

const PAGE_SIZE = 25;
/** below this the table scrolls sideways (at 960 it scrolled by 6 px in a 1280 px window) */
const TABLE_MIN_WIDTH = 900;
const nowrap = { whiteSpace: "nowrap" } as const;
// badges shrink to an ellipsis in an auto-sized table column unless it keeps room for them
const stateColumn = { whiteSpace: "nowrap", minWidth: 130 } as const;
// Dates wrap at most once and a bounce's long diagnostic (unbroken addresses too) wraps in a column
// of its own width, so neither squeezes the other nor pushes the table past its card.
const dateColumn = { minWidth: 140 } as const;
const reasonColumn = { minWidth: 170, maxWidth: 320, overflowWrap: "anywhere" } as const;

type Props = { campaignId: string; version?: number | string; stepCount?: number };

/** The campaign's leads with where each one is in the sequence; filter by state, 25 a page. */
export function CampaignLeadsTable({ campaignId, version = 0, stepCount }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const q = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (status) q.set("status", status);
  const leads = useApi<CampaignLeadsPage>(`/api/v1/campaigns/${campaignId}/leads?${q}&v=${version}`);
  const rows = leads.data?.data ?? [];

  return (
    <Paper withBorder radius="lg" p="xs">
      <Group justify="space-between" px="sm" py="xs">
        <Text fw={500}>Leads</Text>
        <Select
          aria-label="Lead state"
          placeholder="Every state"
          clearable
          data={campaignLeadStatuses.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          w={180}
        />
      </Group>
      {leads.error && <Alert color="red">{leads.error}</Alert>}
      {!leads.data && !leads.error && <Skeleton h={120} />}
      {leads.data && rows.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="xl">
          {status ? `No ${status} leads.` : "No leads in this campaign yet."}
        </Text>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={TABLE_MIN_WIDTH}>
          <Table verticalSpacing="xs" data-testid="campaign-leads-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={nowrap}>Lead</Table.Th>
                <Table.Th style={nowrap}>State</Table.Th>
                <Table.Th style={nowrap}>Next step</Table.Th>
                <Table.Th style={nowrap}>Next send</Table.Th>
                <Table.Th style={nowrap}>Last sent</Table.Th>
                <Table.Th style={nowrap}>Stopped because</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => {
                const name = [l.firstName, l.lastName].filter(Boolean).join(" ");
                const running = l.status === "queued" || l.status === "sending";
                const done = stepCount !== undefined && l.nextStep > stepCount;
                return (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {name || l.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[name ? l.email : null, l.company].filter(Boolean).join(" · ")}
                      </Text>
                    </Table.Td>
                    <Table.Td style={stateColumn}>
                      <LeadStateBadge status={l.status} />
                    </Table.Td>
                    <Table.Td style={nowrap}>{running && !done ? `Step ${l.nextStep}` : "—"}</Table.Td>
                    <Table.Td style={dateColumn}>
                      {running ? formatDateTime(l.nextSendAt, "when the schedule allows") : "—"}
                      {running && l.outOfOfficeUntil && (
                        <Text size="xs" c="dimmed" data-testid="out-of-office">
                          Out of office: held until {formatDate(l.outOfOfficeUntil)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={dateColumn}>{formatDateTime(l.lastSentAt)}</Table.Td>
                    <Table.Td style={reasonColumn}>{l.stoppedReason ?? "—"}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {leads.data && leads.data.total > 0 && (
        <LeadCountPager
          total={leads.data.total}
          pageSize={PAGE_SIZE}
          page={page}
          onPage={setPage}
          testId="campaign-leads-total"
        />
      )}
    </Paper>
  );
}
