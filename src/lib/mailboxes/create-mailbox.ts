import type { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import type { CreateMailboxInput, MailboxLimits, MailboxView } from "./api-schemas";
import { assertMailboxHosts } from "./assert-mailbox-hosts";
import { checkGaps } from "./check-gaps";
import { rethrowDuplicateEmail } from "./duplicate-email";
import { viewOf } from "./mailbox-view";

/**
 * Connect an SMTP/IMAP mailbox. Passwords are encrypted before they reach the database; the IMAP
 * login defaults to the SMTP one (most providers use one account for both). Google and Microsoft
 * mailboxes come from the OAuth flow instead (oauth/connect-oauth-mailbox.ts).
 */
export async function createMailbox(
  db: DbOrTx,
  workspaceId: string,
  input: CreateMailboxInput,
  now = new Date(),
): Promise<MailboxView> {
  checkGaps(input);
  await assertMailboxHosts(input);
  const { smtp, imap } = input;
  const imapPassword = imap.password || smtp.password;
  try {
    const [row] = await db
      .insert(mailboxes)
      .values({
        id: crypto.randomUUID(),
        workspaceId,
        email: input.email,
        provider: "smtp",
        smtpHost: smtp.host,
        smtpPort: smtp.port,
        smtpSecurity: smtp.security,
        smtpUser: smtp.user || input.email,
        smtpPasswordEnc: encryptSecret(smtp.password),
        imapHost: imap.host,
        imapPort: imap.port,
        imapSecurity: imap.security,
        imapUser: imap.user || smtp.user || input.email,
        imapPasswordEnc: encryptSecret(imapPassword),
        ...limitsOf(input),
        rampStartedAt: input.rampEnabled ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return await viewOf(db, row!, now);
  } catch (err) {
    rethrowDuplicateEmail(err, input.email);
  }
}

type Limits = Partial<z.infer<typeof MailboxLimits>>;

/** The sending settings given; the rest keep their column defaults (or stored values). */
export function limitsOf(input: Limits): Limits {
  const keys = [
    "fromName",
    "dailyLimit",
    "minGapMinutes",
    "maxGapMinutes",
    "rampEnabled",
    "rampStart",
    "rampIncrement",
    "signatureHtml",
    "sentCopy",
  ] as const;
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])) as Limits;
}
