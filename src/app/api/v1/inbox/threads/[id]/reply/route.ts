import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { ReplyBody } from "@/lib/inbox/api-schemas";
import { sendReply } from "@/lib/inbox/send-reply";

export const POST = apiRoute({ body: ReplyBody }, ({ caller, params, body }) =>
  sendReply(getDb(), caller.workspaceId, params.id!, body.text),
);
