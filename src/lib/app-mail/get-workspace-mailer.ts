import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import type { WorkspaceMailerView } from "./api-schemas";
import { chosenMailbox, resolveWorkspaceMailer } from "./resolve-mailer";

/** What the workspace's app email goes through, and the choice behind it. */
export async function getWorkspaceMailer(db: DbOrTx, workspaceId: string): Promise<WorkspaceMailerView> {
  const mailbox = await chosenMailbox(db, workspaceId);
  const { mailer, passedOver } = await resolveWorkspaceMailer(db, workspaceId);
  return {
    mailboxId: mailbox?.id ?? null,
    mailboxEmail: mailbox?.email ?? null,
    systemMailer: Boolean(env().SYSTEM_SMTP_URL),
    sendsWith: mailer.kind,
    notice: passedOver
      ? `${passedOver.reason}: ${mailer.kind === "system" ? "the server's mailer sends instead" : "nothing is sent until it is fixed"}`
      : null,
  };
}
