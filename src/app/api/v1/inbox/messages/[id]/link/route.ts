import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { LinkMessageBody } from "@/lib/inbox/api-schemas";
import { linkMessage } from "@/lib/inbox/link-message";

export const POST = apiRoute({ body: LinkMessageBody }, ({ caller, params, body }) =>
  linkMessage(getDb(), caller.workspaceId, params.id!, body),
);
