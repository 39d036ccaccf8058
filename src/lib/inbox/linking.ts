import { and, desc, eq, gte, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns, type LinkMethod, leads, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";

/** What linking needs of a message (parsed by the sync, or by the CLI from a file). */
export type LinkableMessage = {
  messageId: string | null;
  inReplyTo: string | null;
  /** References, in header order (oldest first) */
  references: string[];
  fromEmail: string | null;
  headers: Record<string, string>;
  /** for delivery status notifications: the attached original's identifiers */
  original?: { messageId: string | null; campaignId: string | null; leadId: string | null } | null;
};

export type ReplyLink = {
  campaignId: string;
  leadId: string;
  sentEmailId: string | null;
  method: LinkMethod;
};

const SENDER_WINDOW_DAYS = 90;

/**
 * Which campaign email a message answers, in the order of DESIGN.md, first hit wins:
 *  1. In-Reply-To, then each References id (newest first), against our Message-IDs and the ones
 *     providers rewrote them to (Microsoft 365);
 *  2. a delivery status notification's attached original (its Message-ID, else its X- headers);
 *  3. X-Campaign-ID + X-Lead-ID on the message itself;
 *  4. the sender is a lead this mailbox emailed in the last 90 days (the latest send).
 * Real people's replies carry no X- headers, so nothing before step 3 depends on them. Every
 * decision is logged.
 */
export async function linkReplyToCampaign(
  db: DbOrTx,
  ctx: { workspaceId: string; mailboxId: string; now?: Date },
  msg: LinkableMessage,
): Promise<ReplyLink | null> {
  const log = logger.child({
    component: "reply-linking",
    mailboxId: ctx.mailboxId,
    messageId: msg.messageId,
  });

  const ids = [msg.inReplyTo, ...[...msg.references].reverse()].filter((v): v is string => Boolean(v));
  for (const [i, id] of ids.entries()) {
    const hit = await bySentMessageId(db, ctx.workspaceId, id);
    if (hit) {
      const method: LinkMethod = i === 0 && msg.inReplyTo ? "in_reply_to" : "references";
      log.info({ method, matched: id, sentEmailId: hit.id }, "reply linked");
      return { campaignId: hit.campaignId, leadId: hit.leadId, sentEmailId: hit.id, method };
    }
  }
  if (ids.length) log.debug({ ids }, "no sent email has these message ids");

  if (msg.original) {
    const o = msg.original;
    const hit = o.messageId ? await bySentMessageId(db, ctx.workspaceId, o.messageId) : undefined;
    if (hit) {
      log.info(
        { method: "dsn", matched: o.messageId, sentEmailId: hit.id },
        "bounce linked by the original's Message-ID",
      );
      return { campaignId: hit.campaignId, leadId: hit.leadId, sentEmailId: hit.id, method: "dsn" };
    }
    const byHeaders = await byCampaignAndLead(db, ctx.workspaceId, o.campaignId, o.leadId);
    if (byHeaders) {
      log.info({ method: "dsn", campaignId: o.campaignId }, "bounce linked by the original's X- headers");
      return { ...byHeaders, method: "dsn" };
    }
    log.debug({ original: o }, "the DSN's original matches no sent email");
  }

  const own = await byCampaignAndLead(
    db,
    ctx.workspaceId,
    msg.headers["x-campaign-id"],
    msg.headers["x-lead-id"],
  );
  if (own) {
    log.info({ method: "x_headers" }, "reply linked by X-Campaign-ID and X-Lead-ID");
    return { ...own, method: "x_headers" };
  }

  if (msg.fromEmail) {
    const since = new Date((ctx.now ?? new Date()).getTime() - SENDER_WINDOW_DAYS * 86_400_000);
    const [latest] = await db
      .select({ id: sentEmails.id, campaignId: sentEmails.campaignId, leadId: sentEmails.leadId })
      .from(sentEmails)
      .innerJoin(leads, eq(leads.id, sentEmails.leadId))
      .where(
        and(
          eq(sentEmails.workspaceId, ctx.workspaceId),
          eq(sentEmails.mailboxId, ctx.mailboxId),
          eq(leads.email, msg.fromEmail.toLowerCase()),
          inArray(sentEmails.status, ["sent", "bounced"]),
          gte(sentEmails.sentAt, since),
        ),
      )
      .orderBy(desc(sentEmails.sentAt))
      .limit(1);
    if (latest) {
      log.info(
        { method: "sender", sentEmailId: latest.id },
        "reply linked by its sender: a lead this mailbox emailed",
      );
      return {
        campaignId: latest.campaignId,
        leadId: latest.leadId,
        sentEmailId: latest.id,
        method: "sender",
      };
    }
  }
  log.info({ from: msg.fromEmail }, "not linked: no matching message id, headers or recent lead");
  return null;
}

async function bySentMessageId(db: DbOrTx, workspaceId: string, id: string) {
  const [hit] = await db
    .select({ id: sentEmails.id, campaignId: sentEmails.campaignId, leadId: sentEmails.leadId })
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.workspaceId, workspaceId),
        or(eq(sentEmails.messageId, id), eq(sentEmails.providerMessageId, id)),
      ),
    )
    .limit(1);
  return hit;
}

/** Both ids must name this workspace's campaign and lead; the latest email between them, if any. */
async function byCampaignAndLead(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string | null | undefined,
  leadId: string | null | undefined,
) {
  if (!campaignId || !leadId) return null;
  const [c] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  const [l] = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, leadId)));
  if (!c || !l) return null;
  const [s] = await db
    .select({ id: sentEmails.id })
    .from(sentEmails)
    .where(and(eq(sentEmails.campaignId, campaignId), eq(sentEmails.leadId, leadId)))
    .orderBy(desc(sentEmails.createdAt))
    .limit(1);
  return { campaignId, leadId, sentEmailId: s?.id ?? null };
}
