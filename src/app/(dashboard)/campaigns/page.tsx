import { IconSend } from "@tabler/icons-react";
import type { Metadata } from "next";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Multi-step sequences that send slowly and safely from many mailboxes, and stop when a lead replies."
      />
      <FeatureEmptyState
        icon={<IconSend size={28} stroke={1.5} />}
        title="No campaigns yet"
        description="A campaign sends a sequence of emails and follow-ups to a list of leads, spread across your mailboxes inside the sending windows you choose."
        hint="Connect a mailbox and import leads first; campaigns use both."
      />
    </>
  );
}
