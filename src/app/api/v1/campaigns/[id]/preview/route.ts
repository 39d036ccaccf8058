import { apiRoute } from "@/lib/api/handler";
import { PreviewQuery } from "@/lib/campaigns/api-schemas";
import { previewCampaignEmail } from "@/lib/campaigns/preview-campaign-email";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({ query: PreviewQuery }, ({ caller, params, query }) =>
  previewCampaignEmail(getDb(), caller.workspaceId, params.id!, query),
);
