import { IconWorld } from "@tabler/icons-react";
import type { Metadata } from "next";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Domains" };

export default function DomainsPage() {
  return (
    <>
      <PageHeader
        title="Domains"
        description="Sending domains, bought and configured with SPF, DKIM, DMARC, MX and tracking in one checkout."
      />
      <FeatureEmptyState
        icon={<IconWorld size={28} stroke={1.5} />}
        title="No domains yet"
        description="Search for fresh sending domains, buy them in one checkout, and Coldframe sets up their DNS and watches their health."
        hint="Keep cold email off your main domain so its reputation stays safe."
      />
    </>
  );
}
