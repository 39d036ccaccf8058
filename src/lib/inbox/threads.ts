import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import {
  campaignLeads,
  campaigns,
  type InboxMessage,
  inboxMessages,
  leads,
  mailboxes,
} from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { ThreadsQuery } from "./api-schemas";

type Query = z.output<typeof ThreadsQuery>;

/**
 * Conversations across every mailbox of the workspace, newest first: one row per thread (the
 * thread's latest received message), filtered by category, intent, campaign, mailbox, unread.
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
  const where = sql.join(
    [
      latest,
      q.category ? sql`m.category = ${q.category}` : undefined,
      q.intent ? sql`m.intent = ${q.intent}` : undefined,
      q.unread === "true" ? unreadInThread : q.unread === "false" ? sql`not ${unreadInThread}` : undefined,
    ].filter((f) => f !== undefined),
    sql` and `,
  );
  const [page, counted] = await Promise.all([
    db.execute<{ id: string; key: string }>(sql`
      select m.id, coalesce(m.thread_key, m.id) as key from inbox_messages m where ${where}
      order by m.received_at desc, m.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    db.execute<{ total: number }>(sql`select count(*)::int as total from inbox_messages m where ${where}`),
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
    return { id: r.id, n: size?.n ?? 1, unread: size?.unread ?? false };
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
      category: m.category,
      intent: m.intent,
      ...context(m),
    };
  });
  return { data, total: counted.rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Mailbox, campaign and lead (with their status in that campaign) for a set of messages. */
export async function threadContext(db: DbOrTx, messages: InboxMessage[]) {
  const ids = (k: "mailboxId" | "campaignId" | "leadId") => [
    ...new Set(messages.map((m) => m[k]).filter((v): v is string => Boolean(v))),
  ];
  const [boxes, camps, people, states] = await Promise.all([
    ids("mailboxId").length
      ? db
          .select({ id: mailboxes.id, email: mailboxes.email })
          .from(mailboxes)
          .where(inArray(mailboxes.id, ids("mailboxId")))
      : [],
    ids("campaignId").length
      ? db
          .select({ id: campaigns.id, name: campaigns.name })
          .from(campaigns)
          .where(inArray(campaigns.id, ids("campaignId")))
      : [],
    ids("leadId").length
      ? db
          .select()
          .from(leads)
          .where(inArray(leads.id, ids("leadId")))
      : [],
    ids("leadId").length
      ? db
          .select({
            campaignId: campaignLeads.campaignId,
            leadId: campaignLeads.leadId,
            status: campaignLeads.status,
          })
          .from(campaignLeads)
          .where(inArray(campaignLeads.leadId, ids("leadId")))
      : [],
  ]);
  return (m: InboxMessage) => {
    const box = boxes.find((b) => b.id === m.mailboxId)!;
    const camp = camps.find((c) => c.id === m.campaignId) ?? null;
    const lead = people.find((l) => l.id === m.leadId);
    const state = states.find((s) => s.leadId === m.leadId && s.campaignId === m.campaignId);
    return {
      mailbox: { id: box.id, email: box.email },
      campaign: camp,
      lead: lead
        ? {
            id: lead.id,
            email: lead.email,
            name: [lead.firstName, lead.lastName].filter(Boolean).join(" ") || null,
            status: state?.status ?? null,
          }
        : null,
    };
  };
}

/** All received messages of the thread that `id` belongs to, oldest first (workspace-scoped). */
export async function threadMessages(db: DbOrTx, workspaceId: string, id: string) {
  const [anchor] = await db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.id, id)));
  if (!anchor) throw notFound("conversation");
  const all = anchor.threadKey
    ? await db
        .select()
        .from(inboxMessages)
        .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.threadKey, anchor.threadKey)))
        .orderBy(asc(inboxMessages.receivedAt))
    : [anchor];
  return { anchor, all };
}
