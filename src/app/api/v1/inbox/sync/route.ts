import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { SyncInboxBody } from "@/lib/inbox/api-schemas";
import { inboxSyncStatus, syncInboxNow } from "@/lib/inbox/sync-now";

export const GET = apiRoute({}, ({ caller }) => inboxSyncStatus(getDb(), caller.workspaceId));

export const POST = apiRoute({ body: SyncInboxBody, status: 202 }, ({ caller, body }) =>
  syncInboxNow(getDb(), caller.workspaceId, body.mailboxId),
);
