import { apiRoute } from "@/lib/api/handler";
import { CampaignListQuery, CreateCampaign, MAX_CAMPAIGN_BODY_BYTES } from "@/lib/campaigns/api-schemas";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { getDb } from "@/lib/db/client";

// the page comes as JSON text (CampaignList), sent as it is
export const GET = apiRoute(
  { query: CampaignListQuery },
  async ({ caller, query }) =>
    new Response(await listCampaigns(getDb(), caller.workspaceId, query), {
      headers: { "content-type": "application/json" },
    }),
);

export const POST = apiRoute(
  { body: CreateCampaign, maxBodyBytes: MAX_CAMPAIGN_BODY_BYTES, status: 201 },
  ({ caller, body }) => createCampaign(getDb(), caller.workspaceId, body),
);
