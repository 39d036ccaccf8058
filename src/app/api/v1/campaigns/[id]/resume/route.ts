import { apiRoute } from "@/lib/api/handler";
import { resumeCampaign } from "@/lib/campaigns/resume-campaign";
import { getDb } from "@/lib/db/client";

export const POST = apiRoute({}, ({ caller, params }) =>
  resumeCampaign(getDb(), caller.workspaceId, params.id!),
);
