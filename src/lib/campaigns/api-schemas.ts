import { z } from "zod";
import { campaignStatuses } from "@/lib/db/schema";
import { decodeCampaignListCursor } from "./campaign-list-cursor";
import { isValidTimeZone } from "./schedule";

/** A campaign holds up to 20 steps of 5 variants with long HTML: its body may exceed the usual 1 MiB. */
export const MAX_CAMPAIGN_BODY_BYTES = 16 * 1024 * 1024;

export const VariantInput = z
  .strictObject({
    id: z.string().optional(),
    label: z.string().trim().min(1).max(3).optional(),
    weight: z.number().int().min(0).max(100).default(1),
    subject: z.string().max(998).default(""),
    bodyHtml: z.string().max(200_000).default(""),
    bodyText: z.string().max(200_000).default(""),
  })
  .meta({ id: "VariantInput" });

export const StepInput = z
  .strictObject({
    id: z.string().optional(),
    delayMinutes: z
      .number()
      .int()
      .min(0)
      .max(365 * 24 * 60)
      .default(0),
    newThread: z.boolean().default(false),
    variants: z.array(VariantInput).min(1, "a step needs at least one variant").max(5),
  })
  .meta({ id: "StepInput" });

const minute = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

export const CampaignSettings = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    timezone: z
      .string()
      .refine(isValidTimeZone, "unknown time zone (use an IANA name such as Europe/Berlin)"),
    sendDays: z.array(z.number().int().min(0).max(6)).max(7),
    sendStartMinute: minute,
    sendEndMinute: minute,
    dailyCap: z.number().int().min(1).max(100_000).nullable(),
    stopOnReply: z.boolean(),
    stopOnCompanyReply: z.boolean(),
    trackOpens: z.boolean(),
    trackClicks: z.boolean(),
    plainTextOnly: z.boolean(),
  })
  .partial();

export const CreateCampaign = CampaignSettings.required({ name: true })
  .extend({ steps: z.array(StepInput).max(20).optional(), mailboxIds: z.array(z.string()).optional() })
  .refine((c) => (c.sendStartMinute ?? 0) < (c.sendEndMinute ?? 1440), {
    message: "the sending window must end after it starts",
    path: ["sendEndMinute"],
  })
  .meta({ id: "CreateCampaign" });

export const UpdateCampaign = CampaignSettings.extend({
  steps: z.array(StepInput).max(20).optional(),
  mailboxIds: z.array(z.string()).optional(),
}).meta({ id: "UpdateCampaign" });

export const Variant = z
  .object({
    id: z.string(),
    label: z.string(),
    weight: z.number(),
    subject: z.string(),
    bodyHtml: z.string(),
    bodyText: z.string(),
  })
  .meta({ id: "Variant" });

export const Step = z
  .object({
    id: z.string(),
    position: z.number(),
    delayMinutes: z.number(),
    newThread: z.boolean(),
    variants: z.array(Variant),
  })
  .meta({ id: "Step" });

export const Campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["draft", "active", "paused", "completed"]),
    timezone: z.string(),
    sendDays: z.array(z.number()),
    sendStartMinute: z.number(),
    sendEndMinute: z.number(),
    dailyCap: z.number().nullable(),
    stopOnReply: z.boolean(),
    stopOnCompanyReply: z.boolean(),
    trackOpens: z.boolean(),
    trackClicks: z.boolean(),
    plainTextOnly: z.boolean(),
    createdAt: z.string(),
    launchedAt: z.string().nullable(),
    steps: z.array(Step),
    mailboxIds: z.array(z.string()),
    leadCount: z.number(),
  })
  .meta({ id: "Campaign" });

/** The list's page size: the default, and the most one request may ask for. */
export const CAMPAIGN_PAGE = { default: 50, max: 200 } as const;

export const CampaignListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CAMPAIGN_PAGE.max)
    .default(CAMPAIGN_PAGE.default)
    .describe(
      `campaigns on the page, newest first (1–${CAMPAIGN_PAGE.max}, default ${CAMPAIGN_PAGE.default})`,
    ),
  startingAfter: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const cursor = decodeCampaignListCursor(text);
      if (!cursor)
        ctx.addIssue({ code: "custom", message: "not a cursor from this list: pass a page's `next`" });
      return cursor;
    })
    .describe("the previous page's `next`: the page that follows it"),
});

export const CampaignList = z
  .object({
    data: z.array(
      Campaign.omit({ steps: true }).extend({ sent: z.number(), replied: z.number(), stepCount: z.number() }),
    ),
    next: z.string().nullable().describe("pass as `startingAfter` for the next page; null on the last page"),
  })
  .meta({ id: "CampaignList" });

export const AddCampaignLeads = z
  .strictObject({
    leadIds: z.array(z.string()).max(10_000).optional(),
    listId: z.string().optional(),
    include: z
      .strictObject({
        replied: z.boolean().optional().describe("also leads who replied to any campaign (default false)"),
        inOtherCampaigns: z
          .boolean()
          .optional()
          .describe("also leads still in another active or paused campaign's sequence (default false)"),
      })
      .optional()
      .describe("what is skipped by default and may be included"),
  })
  .refine((b) => b.leadIds?.length || b.listId, { message: "give leadIds or listId" })
  .meta({ id: "AddCampaignLeads" });

export const AddedCampaignLeads = z
  .object({
    added: z.number(),
    skipped: z.number().describe("the sum of skippedBy"),
    skippedBy: z.object({
      alreadyInCampaign: z.number(),
      unsubscribedOrBounced: z.number(),
      replied: z.number().describe("replied to a campaign before (include.replied adds them)"),
      inOtherCampaign: z
        .number()
        .describe("still in another running campaign (include.inOtherCampaigns adds them)"),
    }),
  })
  .meta({ id: "AddedCampaignLeads" });

export const CampaignLeadsQuery = z.object({
  status: z
    .enum(["queued", "sending", "completed", "replied", "bounced", "unsubscribed", "stopped"])
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const CampaignLeadRow = z
  .object({
    id: z.string(),
    leadId: z.string(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    company: z.string().nullable(),
    status: z.string(),
    nextStep: z.number(),
    nextSendAt: z.string().nullable(),
    lastSentAt: z.string().nullable(),
    stoppedReason: z.string().nullable(),
    outOfOfficeUntil: z
      .string()
      .nullable()
      .describe("the lead's out-of-office holds the next step until then (null when none is running)"),
  })
  .meta({ id: "CampaignLead" });

export const CampaignLeadPage = z
  .object({ data: z.array(CampaignLeadRow), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: "CampaignLeadPage" });

export const PreviewQuery = z.object({
  leadId: z.string().optional(),
  step: z.coerce.number().int().min(1).default(1),
  variant: z.string().optional(),
});

export const Preview = z
  .object({
    leadId: z.string().nullable(),
    leadEmail: z.string().nullable(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    missing: z.array(z.string()).describe("variables without a value or fallback for this lead"),
  })
  .meta({ id: "Preview" });

const Counts = z.object({
  sent: z.number(),
  opened: z.number(),
  clicked: z.number(),
  replied: z.number(),
  bounced: z.number(),
  unsubscribed: z.number(),
  complained: z
    .number()
    .describe("emails reported as spam (feedback reports); complaint rate = complained / sent"),
});

export const Analytics = z
  .object({
    totals: Counts,
    steps: z.array(Counts.extend({ stepId: z.string(), position: z.number() })),
    variants: z.array(Counts.extend({ variantId: z.string(), stepId: z.string(), label: z.string() })),
    daily: z.array(Counts.extend({ date: z.string() })),
    leads: z.record(z.string(), z.number()).describe("campaign leads by status"),
    unknown: z
      .number()
      .describe(
        "emails whose send was interrupted (a worker crash, or the connection lost after the message was written) where nothing could tell whether they arrived: never sent again, not counted in `sent`; each lead went on to its next step as if it was sent",
      ),
  })
  .meta({ id: "Analytics" });

export const LaunchPreview = z
  .object({
    status: z.enum(campaignStatuses),
    problems: z.array(z.string()).describe("what launch would refuse; empty when it can launch"),
    leads: z.number().describe("leads waiting for their first or next step"),
    steps: z.number(),
    emails: z.number().describe("emails the sequence holds at most (replies and bounces stop it sooner)"),
    mailboxes: z.array(
      z.object({
        id: z.string(),
        email: z.string(),
        todayLimit: z.number().describe("today's limit with warm-up"),
        perDay: z.number().describe("emails a day at its gap within the campaign's window"),
      }),
    ),
    dailyCap: z.number().nullable(),
    dailyVolume: z
      .number()
      .describe("emails a day for this campaign today: the mailboxes' pace, within the cap"),
    firstSendAt: z.string().nullable().describe("when the first email can leave (the window's next opening)"),
    lastSendAt: z
      .string()
      .nullable()
      .describe("the day the last email would leave at this pace (warm-up and send days included)"),
    moreThanAYear: z.boolean().describe("at this pace the sequence takes more than a year"),
  })
  .meta({ id: "LaunchPreview" });
export type LaunchPreview = z.infer<typeof LaunchPreview>;
