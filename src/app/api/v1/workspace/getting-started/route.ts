import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getGettingStarted } from "@/lib/workspaces/get-getting-started";

export const GET = apiRoute({}, ({ caller }) => getGettingStarted(getDb(), caller.workspaceId));
