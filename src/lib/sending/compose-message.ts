import type { SendMailOptions } from "nodemailer";
import { env } from "@/lib/config/env";
import { dkimSigningKey } from "@/lib/crypto";
import type { readSentEmails } from "./claim-email";
import { SENT_EMAIL_ID_HEADER } from "./find-in-sent-folder";
import { renderCampaignEmail } from "./render-email";

type EmailRow = Awaited<ReturnType<typeof readSentEmails>>[number];

/** What composeMessage reads of a claimed (or read) email. */
export type ComposableEmail = Pick<EmailRow, "sent" | "campaign" | "cl" | "lead" | "domain"> & {
  mailbox: NonNullable<EmailRow["mailbox"]>;
  variant: NonNullable<EmailRow["variant"]>;
};

/**
 * A campaign email as nodemailer sends it: rendered for its lead, with its Message-ID and
 * threading, our headers, one-click unsubscribe and the sending domain's DKIM key. The same inputs
 * give the same message (the tokens are signed, not random): the Sent-folder copy is composed again
 * from the row (copy-sent-mail).
 */
export function composeMessage(email: ComposableEmail): SendMailOptions & { subject: string } {
  const { sent, campaign, cl, lead, mailbox, variant, domain } = email;
  const trackingBase = domain?.trackingHost ? `https://${domain.trackingHost}` : env().APP_URL;
  const rendered = renderCampaignEmail({
    campaign,
    campaignLead: cl,
    lead,
    mailbox,
    sent,
    variant,
    trackingBase,
  });
  return {
    from: { name: mailbox.fromName || mailbox.email, address: mailbox.email },
    to: lead.email,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: sent.messageId,
    inReplyTo: sent.inReplyTo ?? undefined,
    references: sent.references ?? undefined,
    headers: {
      "X-Campaign-ID": campaign.id,
      "X-Lead-ID": lead.id,
      // survives providers that replace the Message-ID (Microsoft 365): how recoverStuckSends
      // finds this email's copy in the Sent folder
      [SENT_EMAIL_ID_HEADER]: sent.id,
      "List-Unsubscribe": `<${rendered.unsubscribeUrl}>, <mailto:${mailbox.email}?subject=unsubscribe>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    dkim:
      domain?.dkimPrivateKeyEnc && domain.dkimSelector
        ? {
            domainName: domain.name!,
            keySelector: domain.dkimSelector,
            // a parsed key, cached per process (nodemailer hands it to crypto's sign as is)
            privateKey: dkimSigningKey(domain.dkimPrivateKeyEnc) as unknown as string,
          }
        : undefined,
  };
}
