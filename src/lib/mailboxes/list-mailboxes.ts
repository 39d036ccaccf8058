import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import type { MailboxView } from "./api-schemas";
import { countSentToday, toMailboxView } from "./mailbox-view";

/** The workspace's mailboxes, each with today's sends against today's limit. */
export async function listMailboxes(
  db: DbOrTx,
  workspaceId: string,
  now = new Date(),
): Promise<MailboxView[]> {
  const rows = await db
    .select()
    .from(mailboxes)
    .where(eq(mailboxes.workspaceId, workspaceId))
    .orderBy(asc(mailboxes.email));
  const counts = await countSentToday(
    db,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => toMailboxView(r, counts.get(r.id) ?? 0, now));
}
