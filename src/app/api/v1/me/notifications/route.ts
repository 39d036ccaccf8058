import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { SaveNotificationPreferences } from "@/lib/notifications/api-schemas";
import { getNotificationPreferences } from "@/lib/notifications/get-notification-preferences";
import { saveNotificationPreferences } from "@/lib/notifications/save-notification-preferences";

// the caller's own switches in the caller's workspace (an API key acts for its creator)
export const GET = apiRoute({}, ({ caller }) =>
  getNotificationPreferences(getDb(), caller.workspaceId, caller.actorId),
);

export const PUT = apiRoute({ body: SaveNotificationPreferences }, ({ caller, body }) =>
  saveNotificationPreferences(getDb(), caller.workspaceId, caller.actorId, body),
);
