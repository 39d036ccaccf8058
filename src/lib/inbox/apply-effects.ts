import { and, count, eq, inArray, sql } from "drizzle-orm";
import { markReplied, markRepliedMany } from "@/lib/campaigns/stop-on-reply";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import {
  type BounceInfo,
  type ComplaintInfo,
  campaignLeads,
  emailEvents,
  inboxMessages,
  leads,
  type MessageCategory,
  type ReplyIntent,
  type SentEmail,
  sentEmails,
} from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { recordEvent } from "@/lib/sending/sender";
import { unsubscribeLead } from "@/lib/sending/unsubscribe-lead";
import { type EndpointCache, emitEvent, emitEvents } from "@/lib/webhooks/emit-event";
import type { ReplyLink } from "./linking";
import { warnSenderBlocked } from "./warn-sender-blocked";

type Verdict = {
  category: MessageCategory;
  intent: ReplyIntent | null;
  bounce: BounceInfo | null;
  complaint?: ComplaintInfo | null;
  /** an auto-reply's "back on" day (YYYY-MM-DD) */
  returnDate?: string | null;
};

type EffectInput = Parameters<typeof applyReplyEffects>[1];

/**
 * applyReplyEffects for a chunk of stored messages, in order, in the caller's transaction, with
 * the same outcome as one after the other. Human replies and out-of-office notices, the bulk of a
 * campaign inbox, go together: a run of them costs a handful of statements (leads, sends,
 * statuses, reply events, webhook events, one hold for every absence), not several each. A run
 * ends where a lead already in it changes kind (an out-of-office, then that lead's reply), so the
 * order of effects on one lead is kept. Bounces, complaints and unsubscribe requests, rare and
 * heavier, run one by one where they fall.
 *
 * Within a run the holds go first. The one outcome that can differ from one-by-one order: an
 * out-of-office from a colleague of someone whose reply stops the whole company, the reply coming
 * first, still records the colleague's return date (the colleague is stopped all the same).
 */
export async function applyReplyEffectsMany(
  tx: DbOrTx,
  items: EffectInput[],
  opts: { endpoints?: EndpointCache } = {},
): Promise<{ deliveryIds: string[] }> {
  const deliveryIds: string[] = [];
  let run: EffectInput[] = [];
  const kindOf = new Map<string, MessageCategory>(); // lead → the kind it has in the run
  const flush = async () => {
    const away = run.filter((i) => i.verdict.category === "auto_reply");
    const replies = run.filter((i) => i.verdict.category === "reply");
    run = [];
    kindOf.clear();
    if (away.length) await holdUntilBackMany(tx, away, new Date());
    if (replies.length) deliveryIds.push(...(await applyReplies(tx, replies, opts)).deliveryIds);
  };
  for (const item of items) {
    const { category } = item.verdict;
    if (category === "reply" || category === "auto_reply") {
      const before = kindOf.get(item.link.leadId);
      if (before && before !== category) await flush();
      kindOf.set(item.link.leadId, category);
      run.push(item);
      continue;
    }
    if (!acts(item.verdict)) continue;
    await flush();
    deliveryIds.push(...(await applyReplyEffects(tx, item, opts)).deliveryIds);
  }
  await flush();
  return { deliveryIds };
}

/** The `reply` branch of applyReplyEffects, for many replies in a few set-based statements. */
async function applyReplies(tx: DbOrTx, items: EffectInput[], opts: { endpoints?: EndpointCache }) {
  const workspaceId = items[0]!.workspaceId;
  const people = await tx
    .select({ id: leads.id, email: leads.email })
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        inArray(leads.id, [...new Set(items.map((i) => i.link.leadId))]),
      ),
    );
  const emailOf = new Map(people.map((l) => [l.id, l.email]));
  const live = items.filter((i) => emailOf.has(i.link.leadId));
  if (!live.length) return { deliveryIds: [] };
  await markRepliedMany(
    tx,
    live.map((i) => ({ campaignId: i.link.campaignId, leadId: i.link.leadId })),
  );
  const sentIds = [...new Set(live.flatMap((i) => (i.link.sentEmailId ? [i.link.sentEmailId] : [])))];
  if (sentIds.length) {
    const sends = await tx.select().from(sentEmails).where(inArray(sentEmails.id, sentIds));
    const counted = await tx
      .select({ sentEmailId: emailEvents.sentEmailId })
      .from(emailEvents)
      .where(and(inArray(emailEvents.sentEmailId, sentIds), eq(emailEvents.type, "reply")));
    const seen = new Set(counted.map((e) => e.sentEmailId));
    // one `reply` event per campaign email, however many replies it gets (as recordEvent writes it)
    const now = new Date();
    const fresh = sends.filter((s) => !seen.has(s.id));
    if (fresh.length)
      await tx.insert(emailEvents).values(
        fresh.map((s) => ({
          id: crypto.randomUUID(),
          workspaceId: s.workspaceId,
          sentEmailId: s.id,
          campaignId: s.campaignId,
          stepId: s.stepId,
          variantId: s.variantId,
          leadId: s.leadId,
          type: "reply" as const,
          createdAt: now,
        })),
      );
  }
  const inputs = live.flatMap((x) => {
    const base = {
      campaignId: x.link.campaignId,
      leadId: x.link.leadId,
      email: emailOf.get(x.link.leadId),
      inboxMessageId: x.messageId,
    };
    const received = {
      workspaceId,
      type: "reply.received" as const,
      payload: { ...base, intent: x.verdict.intent, subject: x.parsed.subject, linkedBy: x.link.method },
    };
    const interested = x.verdict.intent === "interested" || x.verdict.intent === "meeting_request";
    return interested
      ? [
          received,
          { workspaceId, type: "lead.interested" as const, payload: { ...base, intent: x.verdict.intent } },
        ]
      : [received];
  });
  return emitEvents(tx, inputs, opts);
}

/**
 * What a linked message changes, each change an event (and so a webhook): a human reply → the
 * lead is `replied` and its sequence stops (and the company's, if the campaign says so); a hard
 * bounce → bounced and suppressed, and so a soft one once the lead has SOFT_BOUNCE_SUPPRESS_AFTER
 * of them; a sender-side block → the lead untouched, the sending mailbox paused and its domain
 * warned; a spam complaint → suppressed, its sequences stopped, counted toward the campaign's
 * complaint rate, `lead.complained`; an unsubscribe request → the same unsubscribeLead as the link
 * and one-click paths. Auto-replies change no status.
 *
 * Runs in the caller's transaction, the one that stores the message: a reply is never stored
 * without its effects (a crash between the two would leave the sequence running, and the next
 * sync would skip the message as already stored). Returns the webhook deliveries to dispatch
 * once that transaction commits.
 */
export async function applyReplyEffects(
  tx: DbOrTx,
  x: {
    messageId: string;
    workspaceId: string;
    link: ReplyLink;
    verdict: Verdict;
    parsed: { from: { email: string } | null; subject: string | null };
  },
  opts: { endpoints?: EndpointCache } = {},
): Promise<{ deliveryIds: string[] }> {
  const { link, verdict, workspaceId } = x;
  const deliveries: string[] = [];
  if (!acts(verdict)) return { deliveryIds: deliveries };
  const [lead] = await tx
    .select({ id: leads.id, email: leads.email })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, link.leadId)));
  if (!lead) return { deliveryIds: deliveries };
  const base = {
    campaignId: link.campaignId,
    leadId: link.leadId,
    email: lead.email,
    inboxMessageId: x.messageId,
  };
  const [sent] = link.sentEmailId
    ? await tx.select().from(sentEmails).where(eq(sentEmails.id, link.sentEmailId))
    : [];
  const emit = async (type: Parameters<typeof emitEvent>[1]["type"], payload: Record<string, unknown>) => {
    const event = await emitEvent(tx, { workspaceId, type, payload: { ...base, ...payload } }, opts);
    deliveries.push(...event.deliveryIds);
  };
  if (verdict.category === "reply") {
    await markReplied(tx, { campaignId: link.campaignId, leadId: link.leadId });
    if (sent && !(await already(tx, sent.id, "reply"))) await recordEvent(tx, sent, "reply", new Date());
    await emit("reply.received", {
      intent: verdict.intent,
      subject: x.parsed.subject,
      linkedBy: link.method,
    });
    if (verdict.intent === "interested" || verdict.intent === "meeting_request") {
      await emit("lead.interested", { intent: verdict.intent });
    }
  } else if (verdict.category === "bounce" && verdict.bounce) {
    const bounce = verdict.bounce;
    if (bounce.type === "block") {
      // the receiver refuses us, not the lead: never suppress it; pause the sender, warn on its domain
      if (sent) await markBounced(tx, sent, bounce);
      const warned = await warnSenderBlocked(
        tx,
        { workspaceId, mailboxId: sent?.mailboxId ?? (await mailboxOf(tx, x.messageId)), bounce },
        opts,
      );
      deliveries.push(...warned.deliveryIds);
      await emit("lead.bounced", { bounce, suppressed: false });
    } else {
      // a soft bounce suppresses only once the lead has bounced softly often enough
      const softBounces = bounce.type === "soft" ? await softBouncesOf(tx, workspaceId, lead.id) : 0;
      const limit = env().SOFT_BOUNCE_SUPPRESS_AFTER;
      if (bounce.type === "hard" || softBounces >= limit) {
        const why = bounce.type === "hard" ? "bounced" : `bounced softly ${softBounces} times`;
        await suppressLead(tx, {
          workspaceId,
          email: lead.email,
          reason: "bounced",
          source: "bounce notice",
        });
        await tx
          .update(campaignLeads)
          .set({
            status: "bounced",
            stoppedReason:
              `${why}: ${bounce.reason} ${bounce.status ?? ""} ${bounce.diagnostic ?? ""}`.trim(),
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(campaignLeads.leadId, lead.id),
              inArray(campaignLeads.status, ["queued", "sending", "completed"]),
            ),
          );
        if (sent) await markBounced(tx, sent, bounce);
        await emit("lead.bounced", { bounce, suppressed: true });
      }
    }
  } else if (verdict.category === "complaint") {
    const complaint = verdict.complaint ?? null;
    const by = complaint?.reporter ? ` reported by ${complaint.reporter}` : "";
    await suppressLead(tx, {
      workspaceId,
      email: lead.email,
      reason: "complained",
      source: `spam complaint (${complaint?.feedbackType ?? "abuse"})${by}`,
    });
    const stop = {
      status: "unsubscribed" as const,
      stoppedReason: `complained: marked our email as spam${by}`,
      updatedAt: new Date(),
    };
    await tx
      .update(campaignLeads)
      .set(stop)
      .where(
        and(
          eq(campaignLeads.leadId, lead.id),
          inArray(campaignLeads.status, ["queued", "sending", "completed", "replied"]),
        ),
      );
    // the complaint counts toward its campaign's complaint rate once per email
    if (sent && !(await already(tx, sent.id, "complaint"))) {
      await recordEvent(tx, sent, "complaint", new Date());
    }
    await emit("lead.complained", {
      ...(sent ? { sentEmailId: sent.id } : {}),
      complaint,
    });
  } else if (verdict.category === "auto_reply") {
    await holdUntilBackMany(tx, [x], new Date());
  } else if (verdict.category === "unsubscribe_request") {
    const { deliveryIds } = await unsubscribeLead(tx, {
      workspaceId,
      leadId: lead.id,
      email: lead.email,
      via: "reply",
      sent,
      campaignId: link.campaignId,
      inboxMessageId: x.messageId,
      source: "reply asking to unsubscribe",
      stoppedReason: "asked to unsubscribe",
    });
    deliveries.push(...deliveryIds);
  }
  return { deliveryIds: deliveries };
}

/** Other mail changes nothing (a soft bounce is counted toward its limit). */
const acts = (verdict: Verdict) =>
  verdict.category === "reply" ||
  verdict.category === "auto_reply" ||
  verdict.category === "unsubscribe_request" ||
  verdict.category === "complaint" ||
  (verdict.category === "bounce" && verdict.bounce !== null);

/** The campaign email did not arrive: its status and its one `bounce` event. */
async function markBounced(tx: DbOrTx, sent: SentEmail, bounce: BounceInfo) {
  await tx
    .update(sentEmails)
    .set({ status: "bounced", error: bounce.diagnostic })
    .where(eq(sentEmails.id, sent.id));
  if (!(await already(tx, sent.id, "bounce"))) await recordEvent(tx, sent, "bounce", new Date());
}

/** Soft bounces stored for this lead, this one included (it is stored before its effects). */
async function softBouncesOf(tx: DbOrTx, workspaceId: string, leadId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.workspaceId, workspaceId),
        eq(inboxMessages.leadId, leadId),
        eq(inboxMessages.category, "bounce"),
        eq(inboxMessages.bounceType, "soft"),
      ),
    );
  return row?.n ?? 0;
}

/** The mailbox a stored message arrived in: the sender to pause when the bounce names no sent email. */
async function mailboxOf(tx: DbOrTx, inboxMessageId: string) {
  const [row] = await tx
    .select({ mailboxId: inboxMessages.mailboxId })
    .from(inboxMessages)
    .where(eq(inboxMessages.id, inboxMessageId));
  return row?.mailboxId ?? null;
}

async function already(tx: DbOrTx, sentEmailId: string, type: "reply" | "bounce" | "complaint") {
  const [e] = await tx
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(and(eq(emailEvents.sentEmailId, sentEmailId), eq(emailEvents.type, type)))
    .limit(1);
  return Boolean(e);
}

/**
 * Out-of-office notices hold their leads (holdEnd), in one statement. Several from one lead end
 * as they would one after the other: the last one's return date shown, the step held until the
 * latest of them.
 */
async function holdUntilBackMany(tx: DbOrTx, items: EffectInput[], now: Date) {
  const holds = new Map<string, { campaignId: string; leadId: string; last: number; latest: number }>();
  for (const x of items) {
    const until = holdEnd(x.verdict.returnDate ?? null, now)?.getTime();
    if (until === undefined) continue;
    const { campaignId, leadId } = x.link;
    const held = holds.get(`${campaignId} ${leadId}`);
    if (held) Object.assign(held, { last: until, latest: Math.max(held.latest, until) });
    else holds.set(`${campaignId} ${leadId}`, { campaignId, leadId, last: until, latest: until });
  }
  if (!holds.size) return;
  const list = [...holds.values()];
  const param = <T>(f: (h: (typeof list)[number]) => T) => sql.param(list.map(f));
  await tx.execute(sql`
    update campaign_leads cl
    set out_of_office_until = v.last,
      next_send_at = greatest(cl.next_send_at, v.latest),
      updated_at = ${now.toISOString()}::timestamptz
    from unnest(${param((h) => h.campaignId)}::text[], ${param((h) => h.leadId)}::text[],
      ${param((h) => new Date(h.last).toISOString())}::timestamptz[],
      ${param((h) => new Date(h.latest).toISOString())}::timestamptz[])
      as v(campaign_id, lead_id, last, latest)
    where cl.campaign_id = v.campaign_id and cl.lead_id = v.lead_id and cl.status = 'queued'`);
}

/** The furthest an out-of-office may push a step (a typo'd year must not park a lead for good). */
const MAX_HOLD_DAYS = 90;

/**
 * An out-of-office holds the lead's next step until the day after the writer says they are back
 * (or AUTO_REPLY_PAUSE_DAYS when they name no day), as a person would wait; never earlier than it
 * was due, never more than 90 days. Only a lead still in the sequence is held.
 */
function holdEnd(returnDate: string | null, now: Date): Date | null {
  const day = 86_400_000;
  const back = returnDate
    ? Date.parse(`${returnDate}T00:00:00Z`) + day
    : now.getTime() + env().AUTO_REPLY_PAUSE_DAYS * day;
  if (!Number.isFinite(back) || back <= now.getTime()) return null;
  return new Date(Math.min(back, now.getTime() + MAX_HOLD_DAYS * day));
}
