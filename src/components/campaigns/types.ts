import type { z } from "zod";
import type {
  Analytics,
  Campaign,
  CampaignLeadPage,
  CampaignLeadRow,
  CampaignList,
  Preview,
  StepInput,
  UpdateCampaign,
} from "@/lib/campaigns/api-schemas";

/** Shapes of the /api/v1/campaigns endpoints, as the pages use them. */
export type CampaignView = z.infer<typeof Campaign>;
export type CampaignStatus = CampaignView["status"];
export type CampaignSummary = z.infer<typeof CampaignList>["data"][number];
export type CampaignLead = z.infer<typeof CampaignLeadRow>;
export type CampaignLeadsPage = z.infer<typeof CampaignLeadPage>;
export type CampaignPreview = z.infer<typeof Preview>;
export type CampaignAnalytics = z.infer<typeof Analytics>;
export type StepPayload = z.input<typeof StepInput>;
export type CampaignPatch = z.input<typeof UpdateCampaign>;
export type Settings = Omit<CampaignPatch, "steps" | "mailboxIds" | "name">;

export const campaignLeadStatuses = [
  "queued",
  "sending",
  "completed",
  "replied",
  "bounced",
  "unsubscribed",
  "stopped",
] as const;
