import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, type Lead, leads } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getCampaign } from "./get-campaign";
import { renderSeed } from "./render-seed";
import { htmlToText, lookupVariable, render, requiredVariables } from "./template";

/**
 * The email a lead would get for a step and variant, rendered exactly as the sender renders it
 * (same seed), for the builder's preview. Without a lead id, the campaign's first lead.
 */
export async function previewCampaignEmail(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string,
  q: { leadId?: string; step: number; variant?: string },
) {
  const campaign = await getCampaign(db, workspaceId, campaignId);
  const step = campaign.steps.find((s) => s.position === q.step);
  if (!step) throw notFound(`step ${q.step}`);
  const variant = q.variant ? step.variants.find((v) => v.label === q.variant) : step.variants[0];
  if (!variant) throw notFound(`variant ${q.variant}`);

  let lead: Lead | undefined;
  if (q.leadId) {
    [lead] = await db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, q.leadId)));
    if (!lead) throw notFound("lead");
  } else {
    [lead] = await db
      .select({ l: leads })
      .from(campaignLeads)
      .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
      .where(eq(campaignLeads.campaignId, campaignId))
      .orderBy(asc(campaignLeads.createdAt))
      .limit(1)
      .then((r) => r.map((x) => x.l));
  }
  const sample = lead ?? {
    email: "lead@example.com",
    firstName: null,
    lastName: null,
    company: null,
    title: null,
    phone: null,
    website: null,
    customFields: {},
  };
  const seed = renderSeed(lead?.id ?? "sample", step.id);
  const vars = { ...sample, customFields: { ...sample.customFields, unsubscribeUrl: "#unsubscribe" } };
  const html = variant.bodyHtml.trim() ? render(variant.bodyHtml, vars, { mode: "html", seed }) : "";
  const text = variant.bodyText.trim()
    ? render(variant.bodyText, vars, { mode: "text", seed })
    : htmlToText(html);
  const missing = requiredVariables(`${variant.subject}\n${variant.bodyHtml}\n${variant.bodyText}`).filter(
    (v) => !lookupVariable(sample, v)?.trim(),
  );
  if (campaign.plainTextOnly && !text) throw new AppError("validation", "the step has no text");
  return {
    leadId: lead?.id ?? null,
    leadEmail: lead?.email ?? null,
    subject: render(variant.subject, sample, { mode: "header", seed }),
    html: campaign.plainTextOnly ? "" : html,
    text,
    missing,
  };
}
