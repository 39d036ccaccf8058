import type { Metadata } from "next";
import { MembersSettings } from "@/components/settings/members/members-settings";
import { systemMailConfigured } from "@/lib/net/system-mailer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default function MembersSettingsPage() {
  return <MembersSettings systemMail={systemMailConfigured()} />;
}
