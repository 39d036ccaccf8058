import { apiRoute } from "@/lib/api/handler";
import { campaignAnalytics } from "@/lib/campaigns/analytics";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller, params }) =>
  campaignAnalytics(getDb(), caller.workspaceId, params.id!),
);
