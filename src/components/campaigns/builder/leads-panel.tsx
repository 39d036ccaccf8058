"use client";
import { Anchor, Button, Checkbox, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { IconUsersPlus } from "@tabler/icons-react";
import Link from "next/link";
import { useState } from "react";
import type { LeadList } from "@/components/leads/types";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import { addAllLeads, addList, describeAdded, type Include } from "../add-leads";
import { CampaignLeadsTable } from "../overview/campaign-leads-table";

type Props = { campaignId: string; leadCount: number; readOnly: boolean; onAdded: () => Promise<void> };

/**
 * Add a lead list (or every lead) to the campaign. Leads already in it, unsubscribed or bounced are
 * skipped; so, unless asked, are leads who replied before or are still in another running campaign.
 */
export function LeadsPanel({ campaignId, leadCount, readOnly, onAdded }: Props) {
  const lists = useApi<{ data: LeadList[] }>("/api/v1/lead-lists");
  const [listId, setListId] = useState<string | null>(null);
  const [busy, setBusy] = useState<"list" | "all" | null>(null);
  const [version, setVersion] = useState(0);
  const [include, setInclude] = useState<Include>({ replied: false, inOtherCampaigns: false });

  const add = async (which: "list" | "all") => {
    setBusy(which);
    try {
      const res =
        which === "list" && listId
          ? await addList(campaignId, listId, include)
          : await addAllLeads(campaignId, include);
      notifySuccess(describeAdded(res));
      setVersion((v) => v + 1);
      await onAdded();
    } catch (err) {
      notifyError(err, "Could not add the leads");
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <Paper withBorder radius="lg" p="lg">
        <Group justify="space-between" align="flex-start" mb="md">
          <div>
            <Title order={3} fz="md">
              Add leads
            </Title>
            <Text size="sm" c="dimmed">
              Unsubscribed and bounced leads are never added; suppressed addresses are never emailed.
            </Text>
          </div>
          <Text fw={600} data-testid="campaign-lead-count">
            {leadCount.toLocaleString()} {leadCount === 1 ? "lead" : "leads"} in this campaign
          </Text>
        </Group>
        <Group align="flex-end" gap="sm">
          <Select
            label="Lead list"
            placeholder={lists.data?.data.length === 0 ? "No lists yet" : "Pick a list"}
            data={(lists.data?.data ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.leadCount})` }))}
            value={listId}
            onChange={setListId}
            w={280}
            disabled={readOnly}
          />
          <Button
            leftSection={<IconUsersPlus size={16} />}
            disabled={!listId || readOnly}
            loading={busy === "list"}
            onClick={() => add("list")}
          >
            Add list
          </Button>
          <Text size="sm" c="dimmed">
            or
          </Text>
          <Button variant="default" loading={busy === "all"} disabled={readOnly} onClick={() => add("all")}>
            Add all active leads
          </Button>
        </Group>
        <Group gap="lg" mt="sm">
          <Checkbox
            size="xs"
            label="Include leads who replied to a campaign before"
            checked={include.replied}
            disabled={readOnly}
            onChange={(e) => setInclude((i) => ({ ...i, replied: e.currentTarget.checked }))}
          />
          <Checkbox
            size="xs"
            label="Include leads still in another running campaign"
            checked={include.inOtherCampaigns}
            disabled={readOnly}
            onChange={(e) => setInclude((i) => ({ ...i, inOtherCampaigns: e.currentTarget.checked }))}
          />
        </Group>
        {lists.data?.data.length === 0 && (
          <Text size="sm" c="dimmed" mt="sm">
            Import a CSV on the{" "}
            <Anchor component={Link} href="/leads" inherit>
              Leads
            </Anchor>{" "}
            page to make a list.
          </Text>
        )}
      </Paper>
      <CampaignLeadsTable campaignId={campaignId} version={version} />
    </Stack>
  );
}
