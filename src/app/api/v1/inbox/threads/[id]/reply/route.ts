import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { ReplyBody } from "@/lib/inbox/api-schemas";
import { sendReply } from "@/lib/inbox/send-reply";

export const POST = apiRoute({ body: ReplyBody, status: 201 }, ({ caller, params, body, req }) =>
  sendReply(getDb(), {
    workspaceId: caller.workspaceId,
    threadId: params.id!,
    text: body.text,
    idempotencyKey: req.headers.get("idempotency-key")?.trim().slice(0, 200) || undefined,
  }),
);
