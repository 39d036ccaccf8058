import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { ThreadsQuery } from "@/lib/inbox/api-schemas";
import { listThreads } from "@/lib/inbox/list-threads";

export const GET = apiRoute({ query: ThreadsQuery }, ({ caller, query }) =>
  listThreads(getDb(), caller.workspaceId, query),
);
