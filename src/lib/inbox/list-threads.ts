import { inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { inboxMessages } from "@/lib/db/schema";
import type { ThreadsQuery } from "./api-schemas";
import { threadContext } from "./thread-context";

type Query = z.output<typeof ThreadsQuery>;

/**
 * Conversations across every mailbox of the workspace, newest first: one row per thread (the
 * thread's latest received message), filtered by category, intent, campaign, mailbox, unread.
 */
export async function listThreads(db: DbOrTx, workspaceId: string, q: Query) {
  const filters = [
    sql`m.workspace_id = ${workspaceId}`,
    sql`m.direction = 'inbound'`,
    q.mailboxId ? sql`m.mailbox_id = ${q.mailboxId}` : undefined,
    q.campaignId ? sql`m.campaign_id = ${q.campaignId}` : undefined,
  ].filter(Boolean);
  const outer = [
    q.category ? sql`t.category = ${q.category}` : undefined,
    q.intent ? sql`t.intent = ${q.intent}` : undefined,
    q.unread === "true" ? sql`t.unread` : q.unread === "false" ? sql`not t.unread` : undefined,
  ].filter(Boolean);
  const where = sql.join(filters as ReturnType<typeof sql>[], sql` and `);
  const outerWhere = outer.length
    ? sql`where ${sql.join(outer as ReturnType<typeof sql>[], sql` and `)}`
    : sql``;
  const { rows } = await db.execute<{ id: string; n: number; unread: boolean; total: number }>(sql`
    with latest as (
      select distinct on (coalesce(m.thread_key, m.id)) m.id, m.category, m.intent, m.received_at,
        count(*) over (partition by coalesce(m.thread_key, m.id))::int as n,
        bool_or(not m.is_read) over (partition by coalesce(m.thread_key, m.id)) as unread
      from inbox_messages m where ${where}
      order by coalesce(m.thread_key, m.id), m.received_at desc
    )
    select t.id, t.n, t.unread, count(*) over ()::int as total from latest t ${outerWhere}
    order by t.received_at desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const messages = rows.length
    ? await db
        .select()
        .from(inboxMessages)
        .where(
          inArray(
            inboxMessages.id,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const context = await threadContext(db, messages);
  const data = rows.map((r) => {
    const m = messages.find((x) => x.id === r.id)!;
    return {
      id: m.id,
      subject: m.subject,
      lastMessageAt: m.receivedAt.toISOString(),
      messageCount: r.n,
      unread: r.unread,
      snippet: m.snippet,
      from: { email: m.fromEmail ?? "", name: m.fromName },
      category: m.category,
      intent: m.intent,
      ...context(m),
    };
  });
  return { data, total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
}
