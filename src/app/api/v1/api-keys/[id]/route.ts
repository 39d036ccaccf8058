import { apiRoute } from "@/lib/api/handler";
import { getApiKey } from "@/lib/api-keys/get-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller, params }) => getApiKey(getDb(), caller.workspaceId, params.id!));

export const DELETE = apiRoute({ role: "admin" }, ({ caller, params }) =>
  revokeApiKey(getDb(), caller.workspaceId, params.id!),
);
