import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateMailbox } from "@/lib/mailboxes/api-schemas";
import { deleteMailbox } from "@/lib/mailboxes/delete-mailbox";
import { getMailbox } from "@/lib/mailboxes/get-mailbox";
import { updateMailbox } from "@/lib/mailboxes/update-mailbox";

export const GET = apiRoute({}, ({ caller, params }) => getMailbox(getDb(), caller.workspaceId, params.id!));

export const PATCH = apiRoute({ body: UpdateMailbox, role: "admin" }, ({ caller, params, body }) =>
  updateMailbox(getDb(), caller.workspaceId, params.id!, body),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteMailbox(getDb(), caller.workspaceId, params.id!),
);
