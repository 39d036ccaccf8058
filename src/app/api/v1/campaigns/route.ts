import { apiRoute } from "@/lib/api/handler";
import { CampaignListQuery, CreateCampaign, MAX_CAMPAIGN_BODY_BYTES } from "@/lib/campaigns/api-schemas";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({ query: CampaignListQuery }, ({ caller, query }) =>
  listCampaigns(getDb(), caller.workspaceId, query),
);

export const POST = apiRoute(
  { body: CreateCampaign, maxBodyBytes: MAX_CAMPAIGN_BODY_BYTES, status: 201 },
  ({ caller, body }) => createCampaign(getDb(), caller.workspaceId, body),
);
