"use client";
import { Anchor, Paper, Table } from "@mantine/core";
import Link from "next/link";
import { formatDate } from "@/components/ui/format";
import { CampaignStatusBadge } from "./campaign-status-badge";
import type { CampaignSummary } from "./types";

/** Drafts open in the builder; campaigns that have run open on their results. */
export const campaignHref = (c: Pick<CampaignSummary, "id" | "status">) =>
  c.status === "draft" ? `/campaigns/${c.id}/edit` : `/campaigns/${c.id}`;

const count = (n: number) => n.toLocaleString();

export function CampaignsTable({ campaigns }: { campaigns: CampaignSummary[] }) {
  return (
    <Paper withBorder radius="lg" p="xs">
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Leads</Table.Th>
              <Table.Th ta="right">Sent</Table.Th>
              <Table.Th ta="right">Replied</Table.Th>
              <Table.Th ta="right">Steps</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td maw={420}>
                  {/* an unbroken long name wraps inside its column instead of pushing the others out */}
                  <Anchor
                    component={Link}
                    href={campaignHref(c)}
                    fw={500}
                    size="sm"
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <CampaignStatusBadge status={c.status} />
                </Table.Td>
                <Table.Td ta="right">{count(c.leadCount)}</Table.Td>
                <Table.Td ta="right">{count(c.sent)}</Table.Td>
                <Table.Td ta="right">{count(c.replied)}</Table.Td>
                <Table.Td ta="right">{c.stepCount}</Table.Td>
                <Table.Td>{formatDate(c.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
