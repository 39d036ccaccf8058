import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { CreateMailbox } from "@/lib/mailboxes/api-schemas";
import { createMailbox } from "@/lib/mailboxes/create-mailbox";
import { listMailboxes } from "@/lib/mailboxes/list-mailboxes";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listMailboxes(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: CreateMailbox, role: "admin", status: 201 }, ({ caller, body }) =>
  createMailbox(getDb(), caller.workspaceId, body),
);
