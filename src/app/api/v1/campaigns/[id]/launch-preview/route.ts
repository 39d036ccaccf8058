import { apiRoute } from "@/lib/api/handler";
import { previewLaunch } from "@/lib/campaigns/preview-launch";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller, params }) =>
  previewLaunch(getDb(), caller.workspaceId, params.id!),
);
