import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { getDb } from "../../src/lib/db/client";
import { campaignLeads, sentEmails } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { runSendLoop } from "../../src/lib/sending/send-loop";
import { until } from "../helpers/until";
import { makeActiveCampaign, makeLeads } from "./fixtures/campaign-fixtures";
import { startSmtpCapture } from "./helpers/smtp-capture";

/**
 * The send loop takes the queue the scheduler writes (queued `sent_emails` rows, each due at its
 * `send_at`) on the real database and a real SMTP server: what is due, in order, once, and nothing
 * before its time.
 */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await closeMailboxTransports();
  await smtp.close();
});

const db = () => getDb();

/** A campaign with `n` leads, each with its first step queued as the tick leaves it, not yet due. */
async function queued(n: number) {
  const { workspaceId, mailbox, campaignId, stepId, variantIds } = await makeActiveCampaign(smtp.port, [
    "Hi {{firstName}}",
  ]);
  const variantId = variantIds[0]!;
  const tag = workspaceId.slice(0, 8);
  const leads = await makeLeads(
    workspaceId,
    Array.from({ length: n }, (_, i) => ({ email: `loop${i}-${tag}@client.test`, firstName: `L${i}` })),
  );
  await addCampaignLeads(db(), workspaceId, campaignId, { leadIds: leads.map((l) => l.id) });
  const cls = await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId));
  await db()
    .update(campaignLeads)
    .set({ status: "sending", mailboxId: mailbox.id })
    .where(eq(campaignLeads.campaignId, campaignId));
  const rows = cls.map((cl) => {
    const lead = leads.find((l) => l.id === cl.leadId)!;
    return {
      id: crypto.randomUUID(),
      workspaceId,
      campaignId,
      campaignLeadId: cl.id,
      leadId: cl.leadId,
      stepId,
      variantId,
      mailboxId: mailbox.id,
      status: "queued" as const,
      messageId: `<${crypto.randomUUID()}@outreach.test>`,
      fromEmail: mailbox.email,
      toEmail: lead.email,
      sendAt: new Date(Date.now() + 3_600_000), // an hour away
    };
  });
  await db().insert(sentEmails).values(rows);
  return { campaignId, rows };
}

const statusOf = async (id: string) =>
  (await db().select({ s: sentEmails.status }).from(sentEmails).where(eq(sentEmails.id, id)))[0]!.s;
const dueIn = (ids: string[], ms: number) =>
  db().execute(sql`update sent_emails set send_at = now() + ${ms}::float8 * interval '1 millisecond'
    where id = any(${sql.param(ids)}::text[])`);

describe("the send loop", () => {
  it("sends what is due, earliest first, each once; leaves what is not due; stops when asked", async () => {
    const { rows } = await queued(5);
    const stop = new AbortController();
    const loop = runSendLoop(db(), { signal: stop.signal, concurrency: 1, pollMs: 50 });
    try {
      // due in the reverse order of creation: the loop goes by due time
      const order = [rows[3]!, rows[1]!, rows[0]!];
      for (const [i, r] of order.entries()) await dueIn([r.id], -10_000 + i * 1_000);
      await until("the three due emails sent", async () => {
        const s = await Promise.all(order.map((r) => statusOf(r.id)));
        return s.every((x) => x === "sent");
      });
      const to = (id: string) => rows.find((r) => r.id === id)!.toEmail;
      expect(
        smtp.messages.filter((m) => rows.some((r) => m.to.includes(r.toEmail))).map((m) => m.to[0]),
      ).toEqual(order.map((r) => to(r.id)));
      // the other two are an hour away: still queued, nothing sent for them
      expect(await statusOf(rows[2]!.id)).toBe("queued");
      expect(await statusOf(rows[4]!.id)).toBe("queued");

      // one falls due a moment from now: taken once it is, not before
      await dueIn([rows[2]!.id], 4_000);
      expect(await statusOf(rows[2]!.id)).toBe("queued");
      await until("the fourth email sent once due", async () => (await statusOf(rows[2]!.id)) === "sent");
      expect(smtp.to(rows[2]!.toEmail)).toHaveLength(1);
    } finally {
      stop.abort();
      await loop;
    }
    // the loop has returned (stopped): nothing takes a row that falls due now
    await dueIn([rows[4]!.id], -1_000);
    expect(await statusOf(rows[4]!.id)).toBe("queued");
    expect(smtp.to(rows[4]!.toEmail)).toHaveLength(0);
  });

  it("two loops share one queue: every email sent exactly once", async () => {
    const { rows } = await queued(40);
    const stop = new AbortController();
    const loops = [1, 2].map(() => runSendLoop(db(), { signal: stop.signal, concurrency: 4, pollMs: 50 }));
    try {
      await dueIn(
        rows.map((r) => r.id),
        -1_000,
      );
      await until(
        "all forty sent",
        async () => (await Promise.all(rows.map((r) => statusOf(r.id)))).every((s) => s === "sent"),
        { timeoutMs: 60_000 },
      );
    } finally {
      stop.abort();
      await Promise.all(loops);
    }
    for (const r of rows) expect(smtp.to(r.toEmail)).toHaveLength(1);
  });
});
