import type { Metadata } from "next";
import { WebhooksSettings } from "@/components/settings/webhooks/webhooks-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksSettingsPage() {
  return <WebhooksSettings />;
}
