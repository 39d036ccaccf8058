import type { Metadata } from "next";
import { InboxWorkspace } from "@/components/inbox/inbox-workspace";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return <InboxWorkspace />;
}
