import { apiRoute } from "@/lib/api/handler";
import { SetWorkspaceMailer } from "@/lib/app-mail/api-schemas";
import { getWorkspaceMailer } from "@/lib/app-mail/get-workspace-mailer";
import { setWorkspaceMailer } from "@/lib/app-mail/set-workspace-mailer";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({}, ({ caller }) => getWorkspaceMailer(getDb(), caller.workspaceId));

export const PUT = apiRoute({ body: SetWorkspaceMailer, role: "admin" }, ({ caller, body }) =>
  setWorkspaceMailer(getDb(), caller.workspaceId, body.mailboxId),
);
