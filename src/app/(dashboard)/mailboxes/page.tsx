import { IconMailbox } from "@tabler/icons-react";
import type { Metadata } from "next";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Mailboxes" };

export default function MailboxesPage() {
  return (
    <>
      <PageHeader
        title="Mailboxes"
        description="The sending accounts your campaigns rotate through, each with its own daily limit."
      />
      <FeatureEmptyState
        icon={<IconMailbox size={28} stroke={1.5} />}
        title="No mailboxes connected"
        description="Connect Google Workspace, Microsoft 365 or any SMTP/IMAP account to send campaigns and receive replies."
        hint="Use several mailboxes on separate domains to send more while staying under each one's limits."
      />
    </>
  );
}
