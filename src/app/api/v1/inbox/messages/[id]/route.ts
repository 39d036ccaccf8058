import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateMessage } from "@/lib/inbox/api-schemas";
import { updateMessage } from "@/lib/inbox/update-message";

export const PATCH = apiRoute({ body: UpdateMessage }, ({ caller, params, body }) =>
  updateMessage(getDb(), caller.workspaceId, params.id!, body),
);
