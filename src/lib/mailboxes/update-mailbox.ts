import { and, eq } from "drizzle-orm";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { MailboxView, UpdateMailboxInput } from "./api-schemas";
import { assertMailboxHosts } from "./assert-mailbox-hosts";
import { checkGaps } from "./check-gaps";
import { limitsOf } from "./create-mailbox";
import { rethrowDuplicateEmail } from "./duplicate-email";
import { findMailbox } from "./find-mailbox";
import { viewOf } from "./mailbox-view";

/**
 * Change a mailbox's settings. Absent fields (and blank passwords) keep their stored values.
 * Turning ramp-up on, or `restartRamp`, starts the ramp today. New credentials clear the count of
 * authentication failures: the next test or send judges them afresh.
 */
export async function updateMailbox(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  input: UpdateMailboxInput,
  now = new Date(),
): Promise<MailboxView> {
  const current = await findMailbox(db, workspaceId, id);
  checkGaps(input, current);
  await assertMailboxHosts(input);
  const oauth = current.provider !== "smtp";
  if (oauth && (input.smtp?.password || input.imap?.password)) {
    throw new AppError("validation", "invalid body: password", {
      fields: {
        password: [
          `this mailbox signs in with ${current.provider}: reconnect it instead of setting a password`,
        ],
      },
    });
  }
  const set: Partial<Mailbox> = { ...limitsOf(input), updatedAt: now };
  if (input.email) set.email = input.email;
  if (input.smtp) Object.assign(set, serverFields("smtp", input.smtp));
  if (input.imap) Object.assign(set, serverFields("imap", input.imap));
  if ((input.rampEnabled && !current.rampEnabled) || input.restartRamp) set.rampStartedAt = now;
  if (input.smtp?.password || input.imap?.password || input.smtp?.user || input.imap?.user)
    set.authFailures = 0;

  try {
    const [row] = await db
      .update(mailboxes)
      .set(set)
      .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)))
      .returning();
    return await viewOf(db, row!, now);
  } catch (err) {
    rethrowDuplicateEmail(err, input.email ?? current.email);
  }
}

type ServerPatch = NonNullable<UpdateMailboxInput["smtp"]>;

function serverFields(proto: "smtp" | "imap", s: ServerPatch): Partial<Mailbox> {
  const out: Partial<Mailbox> = {};
  if (s.host !== undefined) out[`${proto}Host`] = s.host;
  if (s.port !== undefined) out[`${proto}Port`] = s.port;
  if (s.security !== undefined) out[`${proto}Security`] = s.security;
  if (s.user) out[`${proto}User`] = s.user;
  if (s.password) out[`${proto}PasswordEnc`] = encryptSecret(s.password);
  return out;
}
