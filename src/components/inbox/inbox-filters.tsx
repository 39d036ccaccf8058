"use client";
import { Group, SegmentedControl, Select, Switch } from "@mantine/core";
import { useApi } from "@/components/ui/use-api";
import { type InboxFilters as Filters, views } from "./types";

type Props = { value: Filters; onChange: (next: Filters) => void };

/** Category tabs, campaign and mailbox selects and the unread switch above the thread list. */
export function InboxFilters({ value, onChange }: Props) {
  // the 200 newest campaigns (the list's largest page): older ones are still found by their threads
  const campaigns = useApi<{ data: { id: string; name: string }[] }>("/api/v1/campaigns?limit=200");
  const mailboxes = useApi<{ data: { id: string; email: string }[] }>("/api/v1/mailboxes");
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });

  return (
    <Group mb="md" gap="sm" wrap="wrap">
      <SegmentedControl
        aria-label="Category"
        value={value.view}
        onChange={(view) => set({ view })}
        data={views}
      />
      <Select
        placeholder="All campaigns"
        aria-label="Campaign"
        clearable
        searchable
        data={(campaigns.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={value.campaignId}
        onChange={(campaignId) => set({ campaignId })}
        w={200}
      />
      <Select
        placeholder="All mailboxes"
        aria-label="Mailbox"
        clearable
        searchable
        data={(mailboxes.data?.data ?? []).map((m) => ({ value: m.id, label: m.email }))}
        value={value.mailboxId}
        onChange={(mailboxId) => set({ mailboxId })}
        w={220}
      />
      <Switch
        label="Unread only"
        checked={value.unread}
        onChange={(e) => set({ unread: e.currentTarget.checked })}
      />
    </Group>
  );
}
