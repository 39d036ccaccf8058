import { apiRoute } from "@/lib/api/handler";
import { launchCampaign } from "@/lib/campaigns/lifecycle";
import { getDb } from "@/lib/db/client";

export const POST = apiRoute({}, ({ caller, params }) =>
  launchCampaign(getDb(), caller.workspaceId, params.id!),
);
