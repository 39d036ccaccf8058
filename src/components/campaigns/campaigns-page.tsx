"use client";
import { Alert, Button, Group, Skeleton } from "@mantine/core";
import { IconPlus, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { GettingStarted } from "@/components/onboarding/getting-started";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignsTable } from "./campaigns-table";
import { NewCampaignModal } from "./new-campaign-modal";
import { useCampaignPages } from "./use-campaign-pages";

export function CampaignsPage() {
  const list = useCampaignPages();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Multi-step sequences that send slowly and safely from many mailboxes, and stop when a lead replies."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New campaign
          </Button>
        }
      />
      <GettingStarted onNewCampaign={() => setCreating(true)} />
      {list.error && !list.campaigns && (
        <Alert color="red" title="Could not load campaigns">
          {list.error}. Reload the page to try again.
        </Alert>
      )}
      {!list.campaigns && !list.error && <Skeleton h={240} radius="lg" />}
      {list.campaigns?.length === 0 && (
        <FeatureEmptyState
          icon={<IconSend size={28} stroke={1.5} />}
          title="No campaigns yet"
          description="A campaign sends a sequence of emails and follow-ups to a list of leads, spread across your mailboxes inside the sending windows you choose."
          hint="A campaign needs a connected mailbox and imported leads: the getting-started steps above link to both."
        />
      )}
      {list.campaigns && list.campaigns.length > 0 && <CampaignsTable campaigns={list.campaigns} />}
      {list.error && list.campaigns && (
        <Alert color="red" mt="md" title="Could not load more campaigns">
          {list.error}
        </Alert>
      )}
      {list.hasMore && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={list.loading} onClick={() => void list.loadMore()}>
            Load more
          </Button>
        </Group>
      )}
      <NewCampaignModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
