import type { Metadata } from "next";
import { DomainsPageContent } from "@/components/domains/domains-page";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Domains" };

export default function DomainsPage() {
  return (
    <>
      <PageHeader
        title="Domains"
        description="Sending domains: DKIM signing and a custom tracking host for the links in your emails."
      />
      <DomainsPageContent />
    </>
  );
}
