import type { Metadata } from "next";
import { DomainsPageContent } from "@/components/domains/domains-page";

export const metadata: Metadata = { title: "Domains" };

export default function DomainsPage() {
  return <DomainsPageContent />;
}
