import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  emailEvents,
  type Mailbox,
  mailboxes,
  sentEmails,
  stepVariants,
  workspaces,
} from "../../src/lib/db/schema";
import { getImapClientOptions } from "../../src/lib/mailboxes/get-imap-client-options";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { stopProducer } from "../../src/lib/queue/enqueue";
import { claimEmail } from "../../src/lib/sending/claim-email";
import { findInSentFolder, SENT_EMAIL_ID_HEADER } from "../../src/lib/sending/find-in-sent-folder";
import { AcceptedNotRecordedError } from "../../src/lib/sending/record-sent";
import { recoverStuckSends } from "../../src/lib/sending/recover-stuck-sends";
import { sendCampaignEmail } from "../../src/lib/sending/sender";
import { until } from "../helpers/until";
import { makeLeads } from "./fixtures/campaign-fixtures";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { startOAuthMailProvider } from "./helpers/oauth-mail-provider";

/**
 * Sends interrupted mid-way, decided from the Sent folder, against real servers: Postfix + Dovecot
 * behaving like Microsoft 365 for the sender's domain (it replaces our Message-ID on the way and
 * files its own copy, rewritten id and all, in the sender's Sent folder), and a Microsoft mailbox
 * logging in with XOAUTH2 (tokens from a local stand-in for the provider's OAuth endpoints).
 */
const CLIENT = { clientId: "coldframe-test-client", clientSecret: "coldframe-test-secret" };
const SENDER = "sam@m365.test";
const PASSWORD = "lead-password";
let oauth: Awaited<ReturnType<typeof startOAuthMailProvider>>;
let mail: MailServer;

beforeAll(async () => {
  oauth = await startOAuthMailProvider(CLIENT);
  mail = await startMailServer({
    oauth2IntrospectionUrl: oauth.introspectUrl,
    rewriteMessageIdsFor: ["m365.test"],
  });
  await mail.addUser(SENDER, "unused-password");
});
afterAll(async () => {
  await closeMailboxTransports();
  await stopProducer();
  await mail?.stop();
  await oauth?.close();
});

/** A live access token for `email`, through the provider's authorization-code flow with PKCE. */
async function accessTokenFor(email: string): Promise<string> {
  oauth.willGrant(email);
  const verifier = randomBytes(32).toString("base64url");
  const redirect = "http://127.0.0.1/callback";
  const authorize = new URL(oauth.authorizeUrl);
  for (const [k, v] of Object.entries({
    client_id: CLIENT.clientId,
    redirect_uri: redirect,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    state: "s",
    scope: "https://outlook.office.com/SMTP.Send",
  }))
    authorize.searchParams.set(k, v);
  const back = await fetch(authorize, { redirect: "manual" });
  const code = new URL(back.headers.get("location")!).searchParams.get("code")!;
  const token = await fetch(oauth.tokenUrl, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirect,
      code_verifier: verifier,
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
    }),
  });
  return ((await token.json()) as { access_token: string }).access_token;
}

/** A Microsoft mailbox on the test servers, a one-step campaign, and `n` emails queued to leads there. */
async function queueEmails(n: number) {
  const db = getDb();
  const ws = crypto.randomUUID();
  await db.insert(workspaces).values({ id: ws, name: "Recovery", slug: ws });
  const server = { host: mail.host, security: "none" as const };
  const [mailbox] = await db
    .insert(mailboxes)
    .values({
      id: crypto.randomUUID(),
      workspaceId: ws,
      email: SENDER,
      provider: "microsoft",
      ...{ smtpHost: server.host, smtpPort: mail.smtpPort, smtpSecurity: server.security },
      ...{ imapHost: server.host, imapPort: mail.imapPort, imapSecurity: server.security },
      oauthAccessTokenEnc: encryptSecret(await accessTokenFor(SENDER)),
      oauthExpiresAt: new Date(Date.now() + 3_600_000),
      minGapMinutes: 0,
      maxGapMinutes: 0,
    })
    .returning();
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId: ws, name: "c", status: "active" });
  const stepId = crypto.randomUUID();
  await db.insert(campaignSteps).values({ id: stepId, workspaceId: ws, campaignId, position: 1 });
  const variantId = crypto.randomUUID();
  await db.insert(stepVariants).values({
    id: variantId,
    workspaceId: ws,
    stepId,
    label: "A",
    subject: "Hi {{firstName}}",
    bodyText: "Hello",
  });
  const rows = await makeLeads(
    ws,
    Array.from({ length: n }, (_, i) => ({
      email: `lead${i}-${ws.slice(0, 6)}@client.test`,
      firstName: `L${i}`,
    })),
  );
  const ids: string[] = [];
  for (const lead of rows) {
    await mail.addUser(lead.email, PASSWORD);
    const clId = crypto.randomUUID();
    await db.insert(campaignLeads).values({
      id: clId,
      workspaceId: ws,
      campaignId,
      leadId: lead.id,
      status: "sending",
      mailboxId: mailbox!.id,
    });
    const id = crypto.randomUUID();
    await db.insert(sentEmails).values({
      id,
      workspaceId: ws,
      campaignId,
      campaignLeadId: clId,
      leadId: lead.id,
      stepId,
      variantId,
      mailboxId: mailbox!.id,
      // as the scheduler makes them: the provider keeps the random end of it, nothing else
      messageId: `<${id}.${randomBytes(6).toString("hex")}@m365.test>`,
      fromEmail: SENDER,
      toEmail: lead.email,
    });
    ids.push(id);
  }
  return { ws, mailbox: mailbox!, campaignId, ids, leads: rows };
}

/** How many copies of our email `id` are in the lead's INBOX. */
async function delivered(leadEmail: string, id: string): Promise<number> {
  const client = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user: leadEmail, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const hits = await client.search({ header: { [SENT_EMAIL_ID_HEADER]: id } }, { uid: true });
      return Array.isArray(hits) ? hits.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const row = async (id: string) => (await getDb().select().from(sentEmails).where(eq(sentEmails.id, id)))[0]!;

describe("sends interrupted mid-way, where the provider files sent copies", () => {
  it("found in the Sent folder (under the provider's rewritten Message-ID) → recorded sent; absent → queued and sent once", async () => {
    const db = getDb();
    const a = await queueEmails(2);
    const [accepted, claimedOnly] = a.ids as [string, string];

    // 1. accepted by the server, then the worker could not record it (as if killed before the
    //    commit): a real database error from the moment of acceptance
    await db.execute(sql`
      create or replace function refuse_sent() returns trigger language plpgsql as $$
      begin raise exception 'worker gone (simulated)'; end $$`);
    await db.execute(sql`
      create trigger refuse_sent before update on sent_emails
      for each row when (new.status = 'sent') execute function refuse_sent()`);
    try {
      await expect(sendCampaignEmail(db, accepted, { recordRetryDelaysMs: [] })).rejects.toBeInstanceOf(
        AcceptedNotRecordedError,
      );
    } finally {
      await db.execute(sql`drop trigger if exists refuse_sent on sent_emails`);
    }
    // 2. claimed, then the worker died before a byte was sent
    expect(await claimEmail(db, claimedOnly)).not.toBeNull();
    expect((await row(accepted)).status).toBe("sending");
    expect((await row(claimedOnly)).status).toBe("sending");

    // the provider filed its copy of the first, with its own Message-ID in place of ours
    const ours = (await row(accepted)).messageId;
    const copy = await until("the provider's copy in Sent", async () => {
      const found = await findInSentFolder(a.mailbox, [{ id: accepted, messageId: ours }]);
      return found?.found.has(accepted) ? found : null;
    });
    expect(copy.folder).toBe("Sent");
    expect(await delivered(a.leads[0]!.email, accepted)).toBe(1);
    const rewritten = await sentCopyMessageIds(a.mailbox);
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]).not.toBe(ours);

    expect(await recoverStuckSends(db, { graceMs: 0 })).toEqual({
      sent: 1,
      requeued: 1,
      unknown: 0,
      waiting: 0,
    });

    // found: recorded as the send would have been, never sent again
    expect(await row(accepted)).toMatchObject({
      status: "sent",
      subject: "Hi L0",
      smtpResponse: "found in Sent after an interrupted send",
      error: null,
    });
    const events = await db.select().from(emailEvents).where(eq(emailEvents.sentEmailId, accepted));
    expect(events.map((e) => e.type)).toEqual(["sent"]);
    const [cl] = await db.select().from(campaignLeads).where(eq(campaignLeads.leadId, a.leads[0]!.id));
    expect(cl).toMatchObject({ status: "completed", threadMessageId: ours });
    expect(await sendCampaignEmail(db, accepted)).toBe("skipped");

    // absent: it never reached the server, so it is queued again, due at once, and sent once
    const back = await row(claimedOnly);
    expect(back).toMatchObject({ status: "queued" });
    expect(+back!.sendAt!).toBeLessThanOrEqual(Date.now());
    expect(await sendCampaignEmail(db, claimedOnly)).toBe("sent");
    await until(
      "the second lead's email delivered",
      async () => (await delivered(a.leads[1]!.email, claimedOnly)) > 0,
    );
    expect(await delivered(a.leads[1]!.email, claimedOnly)).toBe(1);
    expect(await delivered(a.leads[0]!.email, accepted)).toBe(1);
    // and the sweep has nothing left
    const [stuck] = await db
      .select()
      .from(sentEmails)
      .where(and(eq(sentEmails.campaignId, a.campaignId), eq(sentEmails.status, "sending")));
    expect(stuck).toBeUndefined();
  });
});

/** The Message-IDs of the copies in the mailbox's Sent folder (through its own XOAUTH2 login). */
async function sentCopyMessageIds(mailbox: Mailbox): Promise<string[]> {
  const client = new ImapFlow({ ...(await getImapClientOptions(mailbox)), logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock("Sent");
    try {
      const ids: string[] = [];
      for await (const msg of client.fetch("1:*", { envelope: true }))
        ids.push(msg.envelope?.messageId ?? "");
      return ids;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
