import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getThread } from "@/lib/inbox/get-thread";

export const GET = apiRoute({}, ({ caller, params }) => getThread(getDb(), caller.workspaceId, params.id!));
