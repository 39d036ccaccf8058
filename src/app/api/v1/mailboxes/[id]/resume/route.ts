import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { resumeMailbox } from "@/lib/mailboxes/resume-mailbox";

export const POST = apiRoute({}, ({ caller, params }) =>
  resumeMailbox(getDb(), caller.workspaceId, params.id!),
);
