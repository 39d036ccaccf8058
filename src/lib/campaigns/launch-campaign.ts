import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaignMailboxes, campaigns, leads, mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { CampaignView } from "./campaign-view";
import { getCampaign } from "./get-campaign";
import { lookupVariable, requiredVariables } from "./template";

/**
 * draft → active ⇄ paused → completed. Launch refuses, with every reason at once, a campaign
 * that could not send: no steps or empty ones, no usable mailbox, no leads, or a variable that
 * some lead lacks and no fallback covers.
 */
export async function launchCampaign(db: DbOrTx, workspaceId: string, id: string) {
  const campaign = await getCampaign(db, workspaceId, id);
  if (campaign.status === "active") return campaign;
  if (campaign.status === "completed") throw new AppError("conflict", "the campaign is completed");
  const problems = await launchProblems(db, campaign);
  if (problems.length)
    throw new AppError("validation", `cannot launch: ${problems.join("; ")}`, {
      problems: problems.map((message) => ({ message })),
    });
  await db
    .update(campaigns)
    .set({
      status: "active",
      launchedAt: sql`coalesce(${campaigns.launchedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(eq(campaigns.id, id));
  return getCampaign(db, workspaceId, id);
}

/** Every reason the campaign could not send, as launch refuses it (and its preview lists it). */
export async function launchProblems(db: DbOrTx, campaign: CampaignView): Promise<string[]> {
  const id = campaign.id;
  const problems: string[] = [];
  if (!campaign.steps.length) problems.push("add at least one step");
  for (const step of campaign.steps) {
    for (const v of step.variants) {
      const label = `step ${step.position} variant ${v.label}`;
      if (!v.subject.trim() && !(step.position > 1 && !step.newThread))
        problems.push(`${label} has no subject`);
      if (!v.bodyHtml.trim() && !v.bodyText.trim()) problems.push(`${label} has no body`);
    }
    if (!step.variants.some((v) => v.weight > 0))
      problems.push(`step ${step.position}: every variant has weight 0`);
  }
  const usable = await db
    .select({ n: count() })
    .from(campaignMailboxes)
    .innerJoin(mailboxes, eq(mailboxes.id, campaignMailboxes.mailboxId))
    .where(and(eq(campaignMailboxes.campaignId, id), eq(mailboxes.status, "active")));
  if (!campaign.mailboxIds.length) problems.push("assign at least one mailbox");
  else if (!usable[0]?.n) problems.push("every assigned mailbox is paused or failing: fix or resume one");
  if (!campaign.leadCount) problems.push("add leads");

  const needed = new Set(
    campaign.steps.flatMap((s) =>
      s.variants.flatMap((v) => requiredVariables(`${v.subject}\n${v.bodyHtml}\n${v.bodyText}`)),
    ),
  );
  if (needed.size && campaign.leadCount) {
    const rows = await db
      .select({
        email: leads.email,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        title: leads.title,
        phone: leads.phone,
        website: leads.website,
        customFields: leads.customFields,
      })
      .from(campaignLeads)
      .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
      .where(and(eq(campaignLeads.campaignId, id), inArray(campaignLeads.status, ["queued"])));
    for (const name of needed) {
      const lacking = rows.filter((l) => !lookupVariable(l, name)?.trim());
      if (lacking.length) {
        problems.push(
          `{{${name}}} is empty for ${lacking.length} lead(s) (e.g. ${lacking[0]!.email}): add a fallback like {{${name} | "there"}} or fill the field`,
        );
      }
    }
  }
  return problems;
}
