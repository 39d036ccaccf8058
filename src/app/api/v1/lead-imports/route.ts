import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listLeadImports } from "@/lib/leads/list-lead-imports";
import { startLeadImport } from "@/lib/leads/start-lead-import";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listLeadImports(getDb(), caller.workspaceId),
}));

// multipart: the request body is streamed to disk by startLeadImport, not parsed here
export const POST = apiRoute({ status: 201 }, ({ caller, req }) =>
  startLeadImport(getDb(), { workspaceId: caller.workspaceId, request: req }),
);
