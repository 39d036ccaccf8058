import { apiRoute } from "@/lib/api/handler";
import { AddCampaignLeads, CampaignLeadsQuery } from "@/lib/campaigns/api-schemas";
import { addCampaignLeads, listCampaignLeads } from "@/lib/campaigns/campaign-leads";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({ query: CampaignLeadsQuery }, ({ caller, params, query }) =>
  listCampaignLeads(getDb(), caller.workspaceId, params.id!, query),
);

export const POST = apiRoute({ body: AddCampaignLeads, status: 201 }, ({ caller, params, body }) =>
  addCampaignLeads(getDb(), caller.workspaceId, params.id!, body),
);
