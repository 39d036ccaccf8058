import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getLeadActivity } from "@/lib/leads/get-lead-activity";

export const GET = apiRoute({}, ({ caller, params }) =>
  getLeadActivity(getDb(), caller.workspaceId, params.id!),
);
