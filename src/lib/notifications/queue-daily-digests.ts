import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { emailEvents, inboxMessages, notificationPreferences } from "@/lib/db/schema";
import { insertNotifications, type NewNotification } from "./insert-notifications";
import { appUrl, notificationFooter } from "./notification-footer";
import { optedInRecipients } from "./opted-in-recipients";

export type DigestCounts = {
  sent: number;
  replies: number;
  interested: number;
  bounces: number;
  complaints: number;
};

/** The UTC day before `now`: [start, end). */
export function yesterdayOf(now: Date): { start: Date; end: Date; label: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(end.getTime() - 24 * 3600 * 1000);
  return { start, end, label: start.toISOString().slice(0, 10) };
}

/** One workspace's day: emails sent, replies, interested replies, bounces and complaints. */
export async function digestCounts(
  db: DbOrTx,
  workspaceId: string,
  start: Date,
  end: Date,
): Promise<DigestCounts> {
  const n = (type: string) => sql<number>`count(*) filter (where ${emailEvents.type} = ${type})::int`;
  const [events] = await db
    .select({ sent: n("sent"), replies: n("reply"), bounces: n("bounce"), complaints: n("complaint") })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.workspaceId, workspaceId),
        gte(emailEvents.createdAt, start),
        lt(emailEvents.createdAt, end),
      ),
    );
  const [interested] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.workspaceId, workspaceId),
        inArray(inboxMessages.intent, ["interested", "meeting_request"]),
        gte(inboxMessages.receivedAt, start),
        lt(inboxMessages.receivedAt, end),
      ),
    );
  return {
    sent: events?.sent ?? 0,
    replies: events?.replies ?? 0,
    interested: interested?.n ?? 0,
    bounces: events?.bounces ?? 0,
    complaints: events?.complaints ?? 0,
  };
}

export function digestText(day: string, c: DigestCounts): string {
  return [
    `Your workspace on ${day} (UTC):`,
    "",
    `  Sent        ${c.sent}`,
    `  Replies     ${c.replies}`,
    `  Interested  ${c.interested}`,
    `  Bounces     ${c.bounces}`,
    `  Complaints  ${c.complaints}`,
    "",
    `Campaigns: ${appUrl()}/campaigns`,
    `Inbox: ${appUrl()}/inbox`,
    "",
  ].join("\n");
}

/**
 * Queue yesterday's digest for everyone who turned it on, one per person, workspace and day (the
 * day is in its key: a second run, on this worker or another, adds nothing). A workspace where
 * nothing happened gets none. Returns the notifications queued.
 */
export async function queueDailyDigests(db: DbOrTx, now = new Date()): Promise<string[]> {
  const { start, end, label } = yesterdayOf(now);
  const workspaceIds = await db
    .selectDistinct({ id: notificationPreferences.workspaceId })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.dailyDigest, true));
  const queued: string[] = [];
  for (const { id: workspaceId } of workspaceIds) {
    const counts = await digestCounts(db, workspaceId, start, end);
    if (Object.values(counts).every((v) => v === 0)) continue;
    const rows: NewNotification[] = (await optedInRecipients(db, workspaceId, "daily_digest")).map((r) => ({
      workspaceId,
      userId: r.userId,
      kind: "daily_digest",
      dedupeKey: `daily_digest:${workspaceId}:${label}`,
      subject: `${r.workspaceName}: ${counts.sent} sent, ${counts.replies} replies on ${label}`,
      body: digestText(label, counts) + notificationFooter(r.workspaceName, "Daily digest"),
    }));
    queued.push(...(await insertNotifications(db, rows)));
  }
  return queued;
}
