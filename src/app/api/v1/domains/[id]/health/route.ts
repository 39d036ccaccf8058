import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getDomainHealth } from "@/lib/domains/get-domain-health";

export const GET = apiRoute({}, ({ caller, params }) =>
  getDomainHealth(getDb(), caller.workspaceId, params.id!),
);
