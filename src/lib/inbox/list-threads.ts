import { inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { inboxMessages, type MessageCategory, type ReplyIntent } from "@/lib/db/schema";
import type { ThreadsQuery } from "./api-schemas";
import { threadContext } from "./thread-context";

type Query = z.output<typeof ThreadsQuery>;

/**
 * Which message labels a thread. A label a person gave wins (their latest); otherwise the strongest
 * signal: a complaint, then an unsubscribe request or a reply, then a bounce, then an
 * out-of-office, then anything else; among replies, a definite intent (meeting, interested, not
 * interested, wrong person) over "other"; and between equals, the latest. So "Interested" stays on
 * a thread when the lead's next message is a "thanks", and an out-of-office stays an auto-reply
 * when an unclassified message follows it.
 */
const THREAD_LABEL_ORDER = sql.raw(`(n.category_source = 'manual') desc,
    case when n.category_source = 'manual' then n.received_at end desc nulls last,
    case n.category when 'complaint' then 4 when 'unsubscribe_request' then 3 when 'reply' then 3
      when 'bounce' then 2 when 'auto_reply' then 1 else 0 end desc,
    (n.intent in ('meeting_request', 'interested', 'not_interested', 'wrong_person')) desc nulls last,
    n.received_at desc, n.id desc`);

/**
 * Conversations across every mailbox of the workspace, newest first: one row per thread (the
 * thread's latest received message), filtered by the thread's label (category, intent), campaign,
 * mailbox, unread, linked (the Unlinked view: conversations no message of which links to a lead).
 *
 * A thread's latest message is one with no later message in its thread: the page walks the
 * workspace's messages newest first and keeps those, each check one probe of
 * inbox_messages_thread_latest_idx (workspace, thread, received_at), and stops when the page is
 * full, instead of ranking every message of the inbox on every page (a sort that spilled to disk
 * at a few hundred thousand messages). The total counts the same rows with the same probes.
 */
export async function listThreads(db: DbOrTx, workspaceId: string, q: Query) {
  const scope = (a: string) =>
    sql.join(
      [
        sql`${sql.raw(a)}.workspace_id = ${workspaceId}`,
        sql`${sql.raw(a)}.direction = 'inbound'`,
        q.mailboxId ? sql`${sql.raw(a)}.mailbox_id = ${q.mailboxId}` : undefined,
        q.campaignId ? sql`${sql.raw(a)}.campaign_id = ${q.campaignId}` : undefined,
      ].filter((f) => f !== undefined),
      sql` and `,
    );
  const sameThread = sql`coalesce(n.thread_key, n.id) = coalesce(m.thread_key, m.id) and ${scope("n")}`;
  const latest = sql`${scope("m")} and not exists (select 1 from inbox_messages n where ${sameThread}
    and (n.received_at > m.received_at or (n.received_at = m.received_at and n.id > m.id)))`;
  const unreadInThread = sql`exists (select 1 from inbox_messages n where ${sameThread} and not n.is_read)`;
  const linkedThread = sql`exists (select 1 from inbox_messages n where ${sameThread} and n.lead_id is not null)`;
  // the thread's label: a person's latest label, else its strongest signal (see THREAD_LABEL_ORDER)
  const label = sql`cross join lateral (select n.category, n.intent from inbox_messages n where ${sameThread}
    order by ${THREAD_LABEL_ORDER} limit 1) t`;
  const where = sql.join(
    [
      latest,
      q.category ? sql`t.category = ${q.category}` : undefined,
      q.intent ? sql`t.intent = ${q.intent}` : undefined,
      q.unread === "true" ? unreadInThread : q.unread === "false" ? sql`not ${unreadInThread}` : undefined,
      q.linked === "false" ? sql`not ${linkedThread}` : q.linked === "true" ? linkedThread : undefined,
    ].filter((f) => f !== undefined),
    sql` and `,
  );
  const [page, counted] = await Promise.all([
    db.execute<{ id: string; key: string; category: MessageCategory; intent: ReplyIntent | null }>(sql`
      select m.id, coalesce(m.thread_key, m.id) as key, t.category, t.intent from inbox_messages m ${label}
      where ${where}
      order by m.received_at desc, m.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    db.execute<{ total: number }>(
      sql`select count(*)::int as total from inbox_messages m ${label} where ${where}`,
    ),
  ]);
  const keys = page.rows.map((r) => r.key);
  const sizes = keys.length
    ? (
        await db.execute<{ key: string; n: number; unread: boolean }>(sql`
          select coalesce(m.thread_key, m.id) as key, count(*)::int as n, bool_or(not m.is_read) as unread
          from inbox_messages m where ${scope("m")} and coalesce(m.thread_key, m.id) = any(${sql.param(keys)}::text[])
          group by 1`)
      ).rows
    : [];
  const rows = page.rows.map((r) => {
    const size = sizes.find((x) => x.key === r.key);
    return {
      id: r.id,
      n: size?.n ?? 1,
      unread: size?.unread ?? false,
      category: r.category,
      intent: r.intent,
    };
  });
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
      category: r.category,
      intent: r.intent,
      ...context(m),
    };
  });
  return { data, total: counted.rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
}
