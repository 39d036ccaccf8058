import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { describeCaller } from "@/lib/workspaces/describe-caller";

export const GET = apiRoute({}, ({ caller }) => describeCaller(getDb(), caller));
