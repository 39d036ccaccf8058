import type { DbOrTx } from "@/lib/db/client";
import type { NotificationKind } from "@/lib/db/schema";
import { insertNotifications, type NewNotification } from "./insert-notifications";
import { appUrl, notificationFooter } from "./notification-footer";
import { optedInRecipients } from "./opted-in-recipients";

/** An event as emitEvent records it (src/lib/webhooks/emit-event.ts). */
export type RecordedEvent = {
  id: string;
  workspaceId: string;
  type: string;
  payload: Record<string, unknown>;
};

type Notice = {
  kind: NotificationKind;
  /** what the news is about (a campaign, mailbox or domain id) */
  about: string;
  subject: string;
  text: string;
  /** who caused it: they are not told what they did themselves */
  actorUserId?: string;
  label: string;
};

const str = (v: unknown, fallback = "") => (typeof v === "string" && v ? v : fallback);

/** The notification an event makes, if any. */
function noticeOf(e: RecordedEvent): Notice | null {
  const p = e.payload;
  switch (e.type) {
    case "campaign.paused": {
      const name = str(p.name, "a campaign");
      const by = str(p.pausedByName);
      const how = by ? `by ${by}` : "automatically";
      return {
        kind: "campaign_paused",
        about: str(p.campaignId),
        actorUserId: str(p.pausedByUserId) || undefined,
        subject: `Campaign "${name}" was paused`,
        text: `The campaign "${name}" was paused ${how}${p.reason ? `: ${str(p.reason)}` : ""}.\nNo more emails go out from it until it is resumed.\n\nOpen it: ${appUrl()}/campaigns/${str(p.campaignId)}\n`,
        label: "Campaign paused",
      };
    }
    case "mailbox.error": {
      const email = str(p.email, "a mailbox");
      return {
        kind: "mailbox_error",
        about: str(p.mailboxId),
        subject: `Mailbox ${email} stopped sending`,
        text: `The mailbox ${email} stopped sending: ${str(p.reason, "no reason given")}.\nIts campaigns send from the workspace's other mailboxes until it is fixed and resumed.\n\nOpen mailboxes: ${appUrl()}/mailboxes\n`,
        label: "Mailbox error",
      };
    }
    case "domain.health_changed": {
      const domain = str(p.domain, "a domain");
      const order = ["critical", "warning", "healthy"];
      const better = order.indexOf(str(p.state)) > order.indexOf(str(p.previousState));
      const problems = Array.isArray(p.problems)
        ? (p.problems as { reason?: unknown }[]).map((x) => `- ${str(x.reason)}`).filter((l) => l !== "- ")
        : [];
      return {
        kind: "domain_health",
        about: str(p.domainId),
        subject: `Domain ${domain} health ${better ? "improved" : "got worse"}: ${str(p.state, "unknown")}`,
        text: `The health of ${domain} went from ${str(p.previousState, "unchecked")} to ${str(p.state, "unknown")}${typeof p.score === "number" ? ` (score ${p.score}/100)` : ""}.\n${problems.length ? `\n${problems.slice(0, 5).join("\n")}\n` : ""}\nOpen it: ${appUrl()}/domains/${str(p.domainId)}\n`,
        label: "Domain health changed",
      };
    }
    default:
      return null;
  }
}

/**
 * The notification emails events make, queued in the events' own transaction: every event that a
 * webhook can carry and a person can opt into passes through emitEvent, so this is the one place
 * triggers are hooked. Each is keyed by its subject and the hour, so a flapping mailbox or domain
 * makes at most one email an hour, and a repeated event none.
 */
export async function recordNotifications(db: DbOrTx, events: RecordedEvent[]): Promise<string[]> {
  const rows: NewNotification[] = [];
  const hour = new Date().toISOString().slice(0, 13);
  for (const e of events) {
    const notice = noticeOf(e);
    if (!notice) continue;
    for (const r of await optedInRecipients(db, e.workspaceId, notice.kind)) {
      if (r.userId === notice.actorUserId) continue;
      rows.push({
        workspaceId: e.workspaceId,
        userId: r.userId,
        kind: notice.kind,
        dedupeKey: `${notice.kind}:${notice.about}:${hour}`,
        subject: notice.subject,
        body: notice.text + notificationFooter(r.workspaceName, notice.label),
      });
    }
  }
  return insertNotifications(db, rows);
}
