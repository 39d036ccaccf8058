import { apiRoute } from "@/lib/api/handler";
import { MAX_CAMPAIGN_BODY_BYTES, UpdateCampaign } from "@/lib/campaigns/api-schemas";
import { deleteCampaign } from "@/lib/campaigns/delete-campaign";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller, params }) => getCampaign(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute(
  { body: UpdateCampaign, maxBodyBytes: MAX_CAMPAIGN_BODY_BYTES },
  ({ caller, params, body }) => updateCampaign(getDb(), caller.workspaceId, params.id!, body),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteCampaign(getDb(), caller.workspaceId, params.id!),
);
