import { z } from "zod";

export const WorkspaceMailer = z
  .object({
    mailboxId: z
      .string()
      .nullable()
      .describe("the mailbox chosen to send the workspace's app email, or null"),
    mailboxEmail: z.string().nullable(),
    systemMailer: z.boolean().describe("the server has its own mailer (SYSTEM_SMTP_URL)"),
    sendsWith: z
      .enum(["mailbox", "system", "none"])
      .describe(
        "what invitations and notifications go through now: the chosen mailbox, else the server's mailer, else nothing (the pages offer links to copy)",
      ),
    notice: z.string().nullable().describe("why the chosen mailbox is passed over (it is in error)"),
  })
  .meta({ id: "WorkspaceMailer" });
export type WorkspaceMailerView = z.infer<typeof WorkspaceMailer>;

export const SetWorkspaceMailer = z
  .strictObject({
    mailboxId: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .describe("one of the workspace's mailboxes, or null for the server's mailer"),
  })
  .meta({ id: "SetWorkspaceMailer" });
