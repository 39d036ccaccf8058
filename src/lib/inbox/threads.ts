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
