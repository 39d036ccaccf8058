import { and, asc, eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, mailboxes, members, workspaceMailers } from "@/lib/db/schema";

/** What the app's own email goes through: a workspace's mailbox, the operator's server, or nothing. */
export type AppMailer = { kind: "mailbox"; mailbox: Mailbox } | { kind: "system" } | { kind: "none" };

/** The mailer, and why a chosen mailbox was passed over (it is in error), for the pages to say. */
export type ResolvedMailer = { mailer: AppMailer; passedOver?: { mailboxId: string; reason: string } };

/** The mailbox a workspace chose to send its app email, if any. */
export async function chosenMailbox(db: DbOrTx, workspaceId: string): Promise<Mailbox | undefined> {
  const [row] = await db
    .select({ mailbox: mailboxes })
    .from(workspaceMailers)
    .innerJoin(
      mailboxes,
      and(
        eq(mailboxes.id, workspaceMailers.mailboxId),
        eq(mailboxes.workspaceId, workspaceMailers.workspaceId),
      ),
    )
    .where(eq(workspaceMailers.workspaceId, workspaceId))
    .limit(1);
  return row?.mailbox;
}

/**
 * A workspace's mail (invitations, notifications): its chosen mailbox, else SYSTEM_SMTP_URL, else
 * none. A chosen mailbox in `error` (its login or token fails) cannot send: passed over, and said.
 * A paused mailbox still sends app email: pausing stops campaigns, not the account.
 */
export async function resolveWorkspaceMailer(db: DbOrTx, workspaceId: string): Promise<ResolvedMailer> {
  const mailbox = await chosenMailbox(db, workspaceId);
  const usable = mailbox && mailbox.status !== "error";
  const passedOver =
    mailbox && !usable
      ? {
          mailboxId: mailbox.id,
          reason: `the chosen mailbox ${mailbox.email} is in error (${mailbox.statusReason ?? "no reason given"})`,
        }
      : undefined;
  if (usable) return { mailer: { kind: "mailbox", mailbox } };
  return { mailer: env().SYSTEM_SMTP_URL ? { kind: "system" } : { kind: "none" }, passedOver };
}

/**
 * Mail to a person about their account (password reset, verification): the operator's server
 * first (it serves every user), else the chosen mailbox of the person's oldest workspace
 * membership, else none.
 */
export async function resolveUserMailer(db: DbOrTx, userId: string): Promise<ResolvedMailer> {
  if (env().SYSTEM_SMTP_URL) return { mailer: { kind: "system" } };
  const [first] = await db
    .select({ workspaceId: members.organizationId })
    .from(members)
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt))
    .limit(1);
  if (!first) return { mailer: { kind: "none" } };
  return resolveWorkspaceMailer(db, first.workspaceId);
}
