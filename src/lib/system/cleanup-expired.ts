import { and, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { invitations, notificationDeliveries, rateLimits, sessions, verifications } from "@/lib/db/schema";

/**
 * Remove what has expired: sessions, verification tokens, stale rate-limit counters, and mark
 * invitations past their date as expired; forget notification emails settled 30 days ago (their keys' hours and days are long past).
 * Idempotent: a second run finds nothing to do.
 */
export async function cleanupExpired(db: DbOrTx, now = new Date()) {
  const [s, v, r, i, n] = await Promise.all([
    db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id }),
    db.delete(verifications).where(lt(verifications.expiresAt, now)).returning({ id: verifications.id }),
    db
      .delete(rateLimits)
      .where(lt(rateLimits.lastRequest, now.getTime() - 24 * 3600_000))
      .returning({ id: rateLimits.id }),
    db
      .update(invitations)
      .set({ status: "expired" })
      .where(and(lt(invitations.expiresAt, now), sql`${invitations.status} = 'pending'`))
      .returning({ id: invitations.id }),
    db
      .delete(notificationDeliveries)
      .where(
        and(
          inArray(notificationDeliveries.status, ["sent", "skipped", "failed"]),
          lt(notificationDeliveries.createdAt, new Date(now.getTime() - 30 * 24 * 3600_000)),
        ),
      )
      .returning({ id: notificationDeliveries.id }),
  ]);
  return {
    sessions: s.length,
    verifications: v.length,
    rateLimits: r.length,
    invitations: i.length,
    notificationsForgotten: n.length,
  };
}
