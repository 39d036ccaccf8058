import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getLeadImport } from "@/lib/leads/get-lead-import";

export const GET = apiRoute({}, ({ caller, params }) =>
  getLeadImport(getDb(), caller.workspaceId, params.id!),
);
