import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { describeCaller } from "@/lib/workspaces/workspace";

export const GET = apiRoute({}, ({ caller }) => describeCaller(getDb(), caller));
