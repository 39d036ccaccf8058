import * as M from "@/lib/app-mail/api-schemas";
import * as N from "@/lib/notifications/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { get, put } = operationsOf("Notifications");

export const notificationOperations: Operation[] = [
  get("/api/v1/me/notifications", "Your notification emails in this workspace (all off until you choose)", {
    response: N.NotificationPreferencesSchema,
  }),
  put("/api/v1/me/notifications", "Choose your notification emails in this workspace (every switch given)", {
    body: N.SaveNotificationPreferences,
    response: N.NotificationPreferencesSchema,
  }),
  get(
    "/api/v1/workspace/mailer",
    "What the workspace's own email (invitations, notifications) goes through: its chosen mailbox, else the server's mailer, else nothing",
    { response: M.WorkspaceMailer },
  ),
  put(
    "/api/v1/workspace/mailer",
    "Choose one of the workspace's mailboxes to send its own email, or null for the server's mailer (admin)",
    { body: M.SetWorkspaceMailer, response: M.WorkspaceMailer, role: "admin" },
  ),
];
