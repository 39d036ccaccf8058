import { IconInbox } from "@tabler/icons-react";
import type { Metadata } from "next";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Every reply from every mailbox in one place, linked to the campaign and lead it answers."
      />
      <FeatureEmptyState
        icon={<IconInbox size={28} stroke={1.5} />}
        title="No replies yet"
        description="When leads answer your campaigns, their replies land here, sorted into interested, not interested, out of office and bounces."
        hint="Replies are fetched from your connected mailboxes over IMAP."
      />
    </>
  );
}
