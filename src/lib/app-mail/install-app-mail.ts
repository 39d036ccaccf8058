import { installAuthMail } from "@/lib/auth/auth-mail";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { resolveUserMailer, resolveWorkspaceMailer } from "./resolve-mailer";
import { sendAppMail } from "./send-app-mail";

/**
 * Route Better Auth's emails through the app's mailers: a person's account mail by
 * resolveUserMailer, a workspace's invitations by resolveWorkspaceMailer. Called where requests to
 * Better Auth enter (src/lib/api/auth-route.ts) and by the CLI.
 */
export function installAppMail(): void {
  installAuthMail({
    toUser: async (userId, mail) => {
      const { mailer, passedOver } = await resolveUserMailer(getDb(), userId);
      if (passedOver) logger.warn({ userId, ...passedOver }, "account email: chosen mailbox passed over");
      return (await sendAppMail(mailer, mail)) !== null;
    },
    forWorkspace: async (workspaceId, mail) => {
      const { mailer, passedOver } = await resolveWorkspaceMailer(getDb(), workspaceId);
      if (passedOver)
        logger.warn({ workspaceId, ...passedOver }, "workspace email: chosen mailbox passed over");
      return (await sendAppMail(mailer, mail)) !== null;
    },
  });
}
