import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { pauseMailbox } from "@/lib/mailboxes/pause-mailbox";

export const POST = apiRoute({}, ({ caller, params }) =>
  pauseMailbox(getDb(), caller.workspaceId, params.id!),
);
