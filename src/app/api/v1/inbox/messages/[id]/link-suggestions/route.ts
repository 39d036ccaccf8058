import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { suggestLinks } from "@/lib/inbox/link-suggestions";

export const GET = apiRoute({}, async ({ caller, params }) => ({
  data: await suggestLinks(getDb(), caller.workspaceId, params.id!),
}));
