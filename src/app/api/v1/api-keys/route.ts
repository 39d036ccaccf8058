import { apiRoute } from "@/lib/api/handler";
import { CreateApiKey } from "@/lib/api/schemas";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listApiKeys(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: CreateApiKey, role: "admin", status: 201 }, async ({ caller, body }) => {
  const { token, apiKey } = await createApiKey(getDb(), {
    workspaceId: caller.workspaceId,
    name: body.name,
    createdByUserId: caller.actorId,
  });
  return { key: token, apiKey };
});
