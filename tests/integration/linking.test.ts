import { describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { campaignLeads, campaignSteps, campaigns, sentEmails } from "../../src/lib/db/schema";
import { type LinkableMessage, linkReplyToCampaign } from "../../src/lib/inbox/linking";
import { makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { startAppServer } from "./helpers/app-server";
import { signUp } from "./helpers/users";

/** A workspace with one campaign email sent to one lead; returns what linking should find. */
async function sentEmailFixture(opts: { sentAt?: Date; providerMessageId?: string } = {}) {
  const app = await startAppServer();
  const user = await signUp(app.url);
  await app.close();
  const db = getDb();
  const mailbox = await makeMailbox(user.workspaceId, 2525);
  const [lead] = await makeLeads(user.workspaceId, [
    { email: `lead-${crypto.randomUUID().slice(0, 6)}@client.test` },
  ]);
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId: user.workspaceId, name: "C" });
  const stepId = crypto.randomUUID();
  await db
    .insert(campaignSteps)
    .values({ id: stepId, workspaceId: user.workspaceId, campaignId, position: 1 });
  const clId = crypto.randomUUID();
  await db
    .insert(campaignLeads)
    .values({ id: clId, workspaceId: user.workspaceId, campaignId, leadId: lead!.id });
  const id = crypto.randomUUID();
  const messageId = `<${id}.abc@outreach.test>`;
  await db.insert(sentEmails).values({
    id,
    workspaceId: user.workspaceId,
    campaignId,
    campaignLeadId: clId,
    leadId: lead!.id,
    stepId,
    mailboxId: mailbox.id,
    status: "sent",
    messageId,
    providerMessageId: opts.providerMessageId ?? null,
    fromEmail: mailbox.email,
    toEmail: lead!.email,
    sentAt: opts.sentAt ?? new Date(),
  });
  const ctx = { workspaceId: user.workspaceId, mailboxId: mailbox.id };
  return { ctx, campaignId, lead: lead!, sentEmailId: id, messageId };
}

const msg = (m: Partial<LinkableMessage>): LinkableMessage => ({
  messageId: `<${crypto.randomUUID()}@client.test>`,
  inReplyTo: null,
  references: [],
  fromEmail: "someone@else.test",
  headers: {},
  ...m,
});

describe("linkReplyToCampaign", () => {
  it("links by In-Reply-To, with no X- headers at all", async () => {
    const f = await sentEmailFixture();
    const link = await linkReplyToCampaign(
      getDb(),
      f.ctx,
      msg({ inReplyTo: f.messageId, references: [f.messageId] }),
    );
    expect(link).toEqual({
      campaignId: f.campaignId,
      leadId: f.lead.id,
      sentEmailId: f.sentEmailId,
      method: "in_reply_to",
    });
  });

  it("links by References alone, newest first, when In-Reply-To is unknown", async () => {
    const f = await sentEmailFixture();
    const link = await linkReplyToCampaign(
      getDb(),
      f.ctx,
      msg({
        inReplyTo: "<their-own-draft@client.test>",
        references: [f.messageId, "<later-unrelated@client.test>"],
      }),
    );
    expect(link).toMatchObject({ sentEmailId: f.sentEmailId, method: "references" });
  });

  it("links a reply to a Message-ID the provider rewrote (Microsoft 365)", async () => {
    const f = await sentEmailFixture({ providerMessageId: "<AM0PR01MB1234@eurprd01.prod.outlook.com>" });
    const link = await linkReplyToCampaign(
      getDb(),
      f.ctx,
      msg({ inReplyTo: "<AM0PR01MB1234@eurprd01.prod.outlook.com>" }),
    );
    expect(link).toMatchObject({ sentEmailId: f.sentEmailId, method: "in_reply_to" });
  });

  it("links a bounce by its attached original, by Message-ID or by X- headers", async () => {
    const f = await sentEmailFixture();
    const dsn = msg({
      fromEmail: "MAILER-DAEMON@outreach.test",
      original: { messageId: f.messageId, campaignId: null, leadId: null },
    });
    expect(await linkReplyToCampaign(getDb(), f.ctx, dsn)).toMatchObject({
      sentEmailId: f.sentEmailId,
      method: "dsn",
    });
    const byHeaders = msg({
      original: { messageId: "<unknown@x>", campaignId: f.campaignId, leadId: f.lead.id },
    });
    expect(await linkReplyToCampaign(getDb(), f.ctx, byHeaders)).toMatchObject({
      campaignId: f.campaignId,
      method: "dsn",
    });
  });

  it("uses X-Campaign-ID + X-Lead-ID only when they name this workspace's rows", async () => {
    const f = await sentEmailFixture();
    const other = await sentEmailFixture();
    const own = msg({ headers: { "x-campaign-id": f.campaignId, "x-lead-id": f.lead.id } });
    expect(await linkReplyToCampaign(getDb(), f.ctx, own)).toMatchObject({
      campaignId: f.campaignId,
      method: "x_headers",
    });
    const foreign = msg({ headers: { "x-campaign-id": other.campaignId, "x-lead-id": other.lead.id } });
    expect(await linkReplyToCampaign(getDb(), f.ctx, foreign)).toBeNull();
  });

  it("falls back to the sender: a lead this mailbox emailed in the last 90 days", async () => {
    const f = await sentEmailFixture();
    const link = await linkReplyToCampaign(getDb(), f.ctx, msg({ fromEmail: f.lead.email.toUpperCase() }));
    expect(link).toMatchObject({ sentEmailId: f.sentEmailId, method: "sender" });
    const old = await sentEmailFixture({ sentAt: new Date(Date.now() - 91 * 86_400_000) });
    expect(await linkReplyToCampaign(getDb(), old.ctx, msg({ fromEmail: old.lead.email }))).toBeNull();
  });

  it("links nothing for an unrelated message", async () => {
    const f = await sentEmailFixture();
    expect(
      await linkReplyToCampaign(getDb(), f.ctx, msg({ inReplyTo: "<nope@x>", references: ["<nope2@x>"] })),
    ).toBeNull();
  });
});
