import type { Metadata } from "next";
import { CampaignOverview } from "@/components/campaigns/overview/campaign-overview";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Campaign" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CampaignOverview key={id} id={id} />;
}
