import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { previewLaunch } from "@/lib/sending/preview-launch";

export const GET = apiRoute({}, ({ caller, params }) =>
  previewLaunch(getDb(), caller.workspaceId, params.id!),
);
