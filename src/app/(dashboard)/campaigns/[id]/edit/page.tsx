import type { Metadata } from "next";
import { CampaignBuilder } from "@/components/campaigns/builder/campaign-builder";
import type { BuilderTab } from "@/components/campaigns/launch-problems";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Campaign builder" };

const tabs: BuilderTab[] = ["sequence", "preview", "schedule", "mailboxes", "leads"];

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const { id } = await params;
  const { tab } = await searchParams;
  const initialTab = tabs.find((t) => t === tab);
  return <CampaignBuilder key={id} id={id} initialTab={initialTab} />;
}
