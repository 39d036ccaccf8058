import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { testSavedMailbox } from "@/lib/mailboxes/test-saved-mailbox";

// 200, not 201: a test creates nothing
export const POST = apiRoute({}, ({ caller, params }) =>
  testSavedMailbox(getDb(), caller.workspaceId, params.id!),
);
