import type { Metadata } from "next";
import { ProviderAccountsSettings } from "@/components/settings/provider-accounts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domain providers" };

export default function ProvidersSettingsPage() {
  return <ProviderAccountsSettings />;
}
