import { apiRoute } from "@/lib/api/handler";
import { pauseCampaign } from "@/lib/campaigns/pause-campaign";
import { getDb } from "@/lib/db/client";

export const POST = apiRoute({}, ({ caller, params }) =>
  pauseCampaign(getDb(), caller.workspaceId, params.id!, { by: { userId: caller.actorId } }),
);
