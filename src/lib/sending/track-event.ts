import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { dispatchDeliveries } from "@/lib/webhooks/emit-event";
import { recordEvent } from "./sender";
import { verifyToken } from "./tracking";
import { type UnsubscribeVia, unsubscribeLead } from "./unsubscribe-lead";

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
 * Unsubscribe the recipient of a sent email (the link's page or an RFC 8058 one-click POST): the
 * address joins the workspace's suppression list, the lead is `unsubscribed`, every sequence still
 * running for them stops, and one `lead.unsubscribed` webhook event goes out. Idempotent: mail
 * providers may repeat one-click POSTs.
 */
export async function unsubscribe(
  db: Db,
  token: string,
  via: Exclude<UnsubscribeVia, "reply"> = "link",
): Promise<{ email: string } | null> {
  const target = await unsubscribeTarget(db, token);
  if (!target) return null;
  const sent = (await sentEmailFor(db, target.sentEmailId))!;
  const { deliveryIds } = await db.transaction((tx) =>
    unsubscribeLead(tx, {
      workspaceId: sent.workspaceId,
      leadId: sent.leadId,
      email: sent.toEmail,
      via,
      sent,
      source: `campaign ${sent.campaignId}`,
      stoppedReason: "unsubscribed",
    }),
  );
  await dispatchDeliveries(deliveryIds);
  logger.info({ sentEmailId: sent.id, leadId: sent.leadId, via }, "lead unsubscribed");
  return { email: sent.toEmail };
}
