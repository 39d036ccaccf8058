import { apiRoute } from "@/lib/api/handler";
import { getApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller, params }) => getApiKey(getDb(), caller.workspaceId, params.id!));

export const DELETE = apiRoute({ role: "admin" }, ({ caller, params }) =>
  revokeApiKey(getDb(), caller.workspaceId, params.id!),
);
