import { z } from "zod";
import {
  bounceReasons,
  bounceTypes,
  linkMethods,
  messageCategories,
  replyDeliveryStatuses,
  replyIntents,
} from "@/lib/db/schema";

const Person = z.object({ email: z.string(), name: z.string().nullable() });

export const ThreadsQuery = z.object({
  category: z.enum(messageCategories).optional(),
  intent: z.enum(replyIntents).optional(),
  campaignId: z.string().optional(),
  mailboxId: z.string().optional(),
  unread: z.enum(["true", "false"]).optional(),
  linked: z
    .enum(["true", "false"])
    .optional()
    .describe("false: conversations linked to no lead (the Unlinked view); true: linked ones"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ThreadSummary = z
  .object({
    id: z.string(),
    subject: z.string().nullable(),
    lastMessageAt: z.string(),
    messageCount: z.number(),
    unread: z.boolean(),
    snippet: z.string().nullable(),
    from: Person,
    category: z.enum(messageCategories),
    intent: z.enum(replyIntents).nullable(),
    mailbox: z.object({ id: z.string(), email: z.string() }),
    campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
    lead: z
      .object({
        id: z.string(),
        email: z.string(),
        name: z.string().nullable(),
        status: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: "ThreadSummary" });

export const ThreadPage = z
  .object({ data: z.array(ThreadSummary), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: "ThreadPage" });

export const Bounce = z
  .object({
    type: z
      .enum(bounceTypes)
      .describe(
        "hard: the address or domain does not exist (suppressed); soft: temporary (retried, suppressed after SOFT_BOUNCE_SUPPRESS_AFTER); block: the receiver refuses the sender (the lead is kept, the mailbox paused)",
      ),
    reason: z.enum(bounceReasons).nullable().describe("null for bounces stored before reasons existed"),
    status: z.string().nullable().describe("RFC 3463 enhanced status code, e.g. 5.1.1"),
    recipient: z.string().nullable(),
    diagnostic: z.string().nullable().describe("what the receiving server said"),
  })
  .meta({ id: "Bounce" });

export const ThreadMessage = z
  .object({
    id: z.string(),
    direction: z.enum(["outbound", "inbound"]),
    from: Person,
    to: z.array(z.string()),
    subject: z.string().nullable(),
    date: z.string(),
    text: z.string(),
    html: z.string().nullable(),
    category: z.enum(messageCategories).nullable(),
    intent: z.enum(replyIntents).nullable(),
    referral: z
      .string()
      .nullable()
      .describe("for a 'wrong person' reply: the address it says to write to instead, to add as a lead"),
    linkMethod: z
      .enum(linkMethods)
      .nullable()
      .describe(
        "how a received message was linked: in_reply_to (our Message-ID), references (a provider-rewritten id), dsn (the bounced message attached), x_headers (our X-Campaign-ID/X-Lead-ID), sender (the sender's address), manual (by hand)",
      ),
    sentEmailId: z.string().nullable().describe("the campaign email a received message answers"),
    bounce: Bounce.nullable().describe("for a message categorised as bounce"),
    isRead: z.boolean(),
    delivery: z
      .object({
        status: z.enum(replyDeliveryStatuses),
        error: z.string().nullable().describe("why the SMTP server refused it"),
      })
      .nullable()
      .describe("replies written in the app: sending, sent, or failed with the reason; null otherwise"),
  })
  .meta({ id: "ThreadMessage" });

export const Thread = z
  .object({
    id: z.string(),
    subject: z.string().nullable(),
    mailbox: z.object({ id: z.string(), email: z.string() }),
    campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
    lead: ThreadSummary.shape.lead,
    messages: z.array(ThreadMessage),
  })
  .meta({ id: "Thread" });

export const UpdateMessage = z
  .strictObject({
    category: z.enum(messageCategories).optional(),
    intent: z.enum(replyIntents).nullable().optional(),
    isRead: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "give category, intent or isRead" })
  .meta({ id: "UpdateMessage" });

export const ReplyBody = z
  .strictObject({ text: z.string().trim().min(1).max(100_000) })
  .meta({ id: "ReplyBody" });

export const LinkSuggestion = z
  .object({
    leadId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    campaignId: z.string(),
    campaignName: z.string(),
    sentEmailId: z.string().describe("the email last sent to the lead, which linking answers"),
    sentAt: z.string().nullable(),
    reason: z.enum(["named", "subject", "domain"]),
    explanation: z.string().describe("why, in words"),
  })
  .meta({ id: "LinkSuggestion" });
export type LinkSuggestion = z.infer<typeof LinkSuggestion>;

export const LinkSuggestions = z.object({ data: z.array(LinkSuggestion) }).meta({ id: "LinkSuggestions" });

export const LinkMessageBody = z
  .strictObject({
    leadId: z.string().min(1),
    campaignId: z.string().optional().describe("the campaign the reply answers; default: the lead's latest"),
  })
  .meta({ id: "LinkMessageBody" });

export const SyncInboxBody = z
  .object({
    mailboxId: z.string().optional().describe("only this mailbox; every active readable one when left out"),
  })
  .strict()
  .meta({ id: "SyncInboxBody" });

export const SyncInboxResult = z
  .object({
    requestedAt: z.string().describe("wait for each queued mailbox's lastSyncedAt to pass this"),
    queued: z.array(z.string()).describe("the mailboxes whose sync was queued now"),
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  })
  .meta({ id: "SyncInboxResult" });

export const InboxSyncStatus = z
  .object({
    data: z.array(
      z.object({
        id: z.string(),
        email: z.string(),
        status: z.string(),
        readable: z.boolean().describe("false: the mailbox has no IMAP settings and only sends"),
        lastSyncedAt: z
          .string()
          .nullable()
          .describe("when its INBOX was last read; null before the first sync"),
      }),
    ),
  })
  .meta({ id: "InboxSyncStatus" });
