import { apiRoute } from "@/lib/api/handler";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { getDb } from "@/lib/db/client";

export const POST = apiRoute({}, ({ caller, params }) =>
  launchCampaign(getDb(), caller.workspaceId, params.id!),
);
