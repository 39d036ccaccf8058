import type { Campaign, campaignSteps, stepVariants } from "@/lib/db/schema";

export type CampaignView = ReturnType<typeof toCampaignView>;

export const toCampaignView = (
  c: Campaign,
  steps: { step: typeof campaignSteps.$inferSelect; variants: (typeof stepVariants.$inferSelect)[] }[],
  mailboxIds: string[],
  leadCount: number,
) => ({
  id: c.id,
  name: c.name,
  status: c.status,
  timezone: c.timezone,
  sendDays: c.sendDays,
  sendStartMinute: c.sendStartMinute,
  sendEndMinute: c.sendEndMinute,
  dailyCap: c.dailyCap,
  stopOnReply: c.stopOnReply,
  stopOnCompanyReply: c.stopOnCompanyReply,
  trackOpens: c.trackOpens,
  trackClicks: c.trackClicks,
  plainTextOnly: c.plainTextOnly,
  createdAt: c.createdAt.toISOString(),
  launchedAt: c.launchedAt?.toISOString() ?? null,
  steps: steps.map(({ step, variants }) => ({
    id: step.id,
    position: step.position,
    delayMinutes: step.delayMinutes,
    newThread: step.newThread,
    variants: variants.map((v) => ({
      id: v.id,
      label: v.label,
      weight: v.weight,
      subject: v.subject,
      bodyHtml: v.bodyHtml,
      bodyText: v.bodyText,
    })),
  })),
  mailboxIds,
  leadCount,
});
