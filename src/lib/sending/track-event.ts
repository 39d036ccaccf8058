import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaignLeads, emailEvents, sentEmails } from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { logger } from "@/lib/logger";
import { recordEvent } from "./sender";
import { verifyToken } from "./tracking";

async function sentEmailFor(db: Db, id: string) {
  const [s] = await db.select().from(sentEmails).where(eq(sentEmails.id, id));
  return s;
}

/** An open (the pixel was loaded). Unknown or forged tokens are ignored: the pixel is served anyway. */
export async function trackOpen(db: Db, token: string, userAgent?: string) {
  const t = verifyToken(token);
  if (t?.k !== "o") return;
  const sent = await sentEmailFor(db, t.s);
  if (sent) await recordEvent(db, sent, "open", new Date(), { userAgent: userAgent?.slice(0, 300) });
}

/** A click: the URL to redirect to, only ever one that was signed into the email; else null. */
export async function trackClick(db: Db, token: string, userAgent?: string): Promise<string | null> {
  const t = verifyToken(token);
  if (t?.k !== "c" || !/^https?:\/\//i.test(t.u)) return null;
  const sent = await sentEmailFor(db, t.s);
  if (sent)
    await recordEvent(db, sent, "click", new Date(), { url: t.u, userAgent: userAgent?.slice(0, 300) });
  return t.u;
}

export async function unsubscribeTarget(db: Db, token: string) {
  const t = verifyToken(token);
  if (t?.k !== "u") return null;
  const sent = await sentEmailFor(db, t.s);
  return sent ? { sentEmailId: sent.id, email: sent.toEmail } : null;
}

/**
 * Unsubscribe the recipient of a sent email: the address joins the workspace's suppression list,
 * the lead is `unsubscribed`, and every sequence still running for them in the workspace stops.
 * Idempotent (RFC 8058 one-click POSTs may be repeated by mail providers).
 */
export async function unsubscribe(db: Db, token: string): Promise<{ email: string } | null> {
  const target = await unsubscribeTarget(db, token);
  if (!target) return null;
  const sent = (await sentEmailFor(db, target.sentEmailId))!;
  const now = new Date();
  await db.transaction(async (tx) => {
    await suppressLead(tx, {
      workspaceId: sent.workspaceId,
      email: sent.toEmail,
      reason: "unsubscribed",
      source: `campaign ${sent.campaignId}`,
    });
    await tx
      .update(campaignLeads)
      .set({ status: "unsubscribed", stoppedReason: "unsubscribed", updatedAt: now })
      .where(
        and(eq(campaignLeads.leadId, sent.leadId), inArray(campaignLeads.status, ["queued", "sending"])),
      );
    await tx
      .update(campaignLeads)
      .set({ status: "unsubscribed", stoppedReason: "unsubscribed", updatedAt: now })
      .where(eq(campaignLeads.id, sent.campaignLeadId));
    const [already] = await tx
      .select({ id: emailEvents.id })
      .from(emailEvents)
      .where(and(eq(emailEvents.sentEmailId, sent.id), eq(emailEvents.type, "unsubscribe")));
    if (!already) await recordEvent(tx, sent, "unsubscribe", now);
  });
  logger.info({ sentEmailId: sent.id, leadId: sent.leadId }, "lead unsubscribed");
  return { email: sent.toEmail };
}
