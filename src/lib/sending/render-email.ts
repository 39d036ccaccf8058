import { renderSeed } from "@/lib/campaigns/render-seed";
import { htmlToText, render } from "@/lib/campaigns/template";
import type { Campaign, CampaignLead, Lead, Mailbox, SentEmail, StepVariant } from "@/lib/db/schema";
import { addTracking, unsubscribeUrl } from "./tracking";

export type RenderedEmail = {
  subject: string;
  html: string | undefined;
  text: string;
  unsubscribeUrl: string;
};

/**
 * The email as the lead will receive it: variables and spintax (the preview's seed), the
 * signature, `{{unsubscribeUrl}}`, tracking (unless off or plain-text only), and for in-thread
 * follow-ups the first email's subject with "Re: ".
 */
export function renderCampaignEmail(input: {
  campaign: Pick<Campaign, "plainTextOnly" | "trackOpens" | "trackClicks">;
  campaignLead: Pick<CampaignLead, "threadSubject">;
  lead: Lead;
  mailbox: Pick<Mailbox, "signatureHtml">;
  sent: Pick<SentEmail, "id" | "inReplyTo" | "stepId">;
  variant: Pick<StepVariant, "subject" | "bodyHtml" | "bodyText">;
  trackingBase: string;
}): RenderedEmail {
  const { campaign, lead, sent, variant } = input;
  const unsubscribe = unsubscribeUrl(input.trackingBase, sent.id);
  const seed = renderSeed(lead.id, sent.stepId);
  const vars = { ...lead, customFields: { ...lead.customFields, unsubscribeUrl: unsubscribe } };

  let subject = render(variant.subject, vars, { mode: "header", seed });
  if (sent.inReplyTo && input.campaignLead.threadSubject) {
    // a follow-up in the thread answers the first email's subject
    const base = input.campaignLead.threadSubject.replace(/^(re:\s*)+/i, "");
    subject = `Re: ${base}`;
  }

  const signature = input.mailbox.signatureHtml.trim();
  let html = variant.bodyHtml.trim() ? render(variant.bodyHtml, vars, { mode: "html", seed }) : "";
  if (html && signature) html = `${html}<br><br>${signature}`;
  let text = variant.bodyText.trim()
    ? render(variant.bodyText, vars, { mode: "text", seed })
    : htmlToText(html);
  if (!variant.bodyText.trim() && !html && signature) text = htmlToText(signature);
  else if (variant.bodyText.trim() && signature) text = `${text}\n\n${htmlToText(signature)}`;

  if (campaign.plainTextOnly || !html) return { subject, html: undefined, text, unsubscribeUrl: unsubscribe };
  html = addTracking(html, {
    base: input.trackingBase,
    sentEmailId: sent.id,
    opens: campaign.trackOpens,
    clicks: campaign.trackClicks,
    skip: [unsubscribe],
  });
  return { subject, html, text, unsubscribeUrl: unsubscribe };
}
