import { IconAddressBook } from "@tabler/icons-react";
import type { Metadata } from "next";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return (
    <>
      <PageHeader
        title="Leads"
        description="The people your campaigns write to, with the fields your templates fill in."
      />
      <FeatureEmptyState
        icon={<IconAddressBook size={28} stroke={1.5} />}
        title="No leads yet"
        description="Import leads from a CSV file with email, name, company and any custom fields you want to use as template variables."
        hint="Leads who bounce or unsubscribe are suppressed across all campaigns."
      />
    </>
  );
}
