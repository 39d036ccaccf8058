import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BounceReason, BounceType } from "@/lib/db/schema";
import { classifyMessage } from "@/lib/inbox/classify";
import { parseMessage } from "@/lib/inbox/parse-message";

/**
 * The long tail of non-delivery notices and complaints, one fixture per MTA or provider (each
 * file's X-Fixture-Source header says where its text comes from). Every fixture in the folders
 * must be listed here, so a new one cannot go unchecked.
 */
const dir = path.resolve(import.meta.dirname, "../integration/fixtures/emails");
const classify = async (file: string) =>
  classifyMessage(await parseMessage(readFileSync(path.join(dir, file))));
const CAMPAIGN = "7d3f1c2a-8b4e-4f6a-9c1d-2e5b7a9f0c11";
const lead = (n: number) => `11111111-aaaa-4bbb-8ccc-${String(n).padStart(12, "0")}`;

type Expected = {
  recipient: string | null;
  status: string | null;
  reason: BounceReason;
  type: BounceType;
  /** the X-Lead-ID of the returned original, when the notice returns it */
  leadId?: string;
};

const BOUNCES: Record<string, Expected> = {
  "exim-user-unknown.eml": {
    recipient: "richard@pied-piper.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(1),
  },
  "exim-delay-greylisted.eml": {
    recipient: "gavin@hooli.test",
    status: "4.7.1",
    reason: "rate_limited",
    type: "soft",
  },
  "exim-unrouteable.eml": {
    recipient: "dinesh@no-such-domain-anywhere.test",
    status: "5.1.2",
    reason: "host_unknown",
    type: "hard",
    leadId: lead(2),
  },
  "sendmail-user-unknown.eml": {
    recipient: "peter.gibbons@initrode.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(3),
  },
  // the DSN says only 5.0.0: the reply's words say 5.1.1
  "sendmail-dsn-generic-status.eml": {
    recipient: "joanna@chotchkies.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(4),
  },
  // a full mailbox is soft, 5.x.x or not
  "qmail-over-quota.eml": {
    recipient: "gob@bluth.test",
    status: "5.2.2",
    reason: "mailbox_full",
    type: "soft",
    leadId: lead(5),
  },
  "ezmlm-too-large.eml": {
    recipient: "board@lists.bluth.test",
    status: "5.2.3",
    reason: "message_too_large",
    type: "soft",
    leadId: lead(6),
  },
  // a blocklist refuses us, not the lead
  "opensmtpd-blocklisted.eml": {
    recipient: "kel.varnsen@vandelay.test",
    status: "5.7.1",
    reason: "policy_blocked",
    type: "block",
    leadId: lead(7),
  },
  "courier-no-enhanced-code.eml": {
    recipient: "hank.scorpio@globex.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
  },
  "james-bounce.eml": {
    recipient: "lucius.fox@wayne.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(8),
  },
  "postfix-plain-relay-denied.eml": {
    recipient: "albert.wesker@umbrella.test",
    status: "5.7.1",
    reason: "policy_blocked",
    type: "block",
  },
  "exchange-classic-ndr.eml": {
    recipient: "michael.scott@dundermifflin.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(9),
  },
  "m365-dmarc-rejected.eml": {
    recipient: "megan.bowen@contoso.test",
    status: "5.7.509",
    reason: "auth_failed",
    type: "block",
    leadId: lead(10),
  },
  "gmail-unauthenticated-5726.eml": {
    recipient: "erlich@aviato.test",
    status: "5.7.26",
    reason: "auth_failed",
    type: "block",
    leadId: lead(11),
  },
  "gmail-rate-limited-delay.eml": {
    recipient: "jian.yang@aviato.test",
    status: "4.2.1",
    reason: "rate_limited",
    type: "soft",
    leadId: lead(12),
  },
  // Microsoft's edge blocking: "Access denied. AS(201806281)" is an unknown recipient
  "google-workspace-no-dsn.eml": {
    recipient: "monica.hall@raviga.test",
    status: "5.4.1",
    reason: "user_unknown",
    type: "hard",
  },
  "yahoo-no-account.eml": {
    recipient: "laurie.bream@yahoo.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(13),
  },
  "ses-mailbox-full.eml": {
    recipient: "nelson.bighetti@hooli.test",
    status: "5.2.2",
    reason: "mailbox_full",
    type: "soft",
    leadId: lead(14),
  },
  // a list refusing non-members refuses the address, not our sender: hard, never a mailbox pause
  "mailman-non-member.eml": {
    recipient: "sales@lists.initech.test",
    status: "5.7.1",
    reason: "other",
    type: "hard",
  },
  "sympa-not-subscriber.eml": {
    recipient: "board@lists.massive-dynamic.test",
    status: "5.7.1",
    reason: "other",
    type: "hard",
    leadId: lead(15),
  },
  "mobile-carrier-short.eml": {
    recipient: "5551234567@txt.carrier.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
  },
  // qmail relays a remote server's refusal: the quoted reply, not "Giving up on", says why
  "qmail-remote-user-unknown.eml": {
    recipient: "pete.campbell@sterling-cooper.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(16),
  },
  // past qmail's queuelifetime: expired, though the last refusal was a full mailbox
  "qmail-queue-too-long.eml": {
    recipient: "joan.holloway@sterling-cooper.test",
    status: "4.2.2",
    reason: "expired",
    type: "soft",
    leadId: lead(17),
  },
  "m365-recipient-not-found.eml": {
    recipient: "nestor.wilke@contoso.test",
    status: "5.1.10",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(18),
  },
  // genuine DSNs of the installed Postfix (scripts/generate-postfix-bounces.ts)
  "postfix-dsn-mailbox-full.eml": {
    recipient: "jordan@full.test",
    status: "5.2.2",
    reason: "mailbox_full",
    type: "soft",
    leadId: lead(101),
  },
  "postfix-dsn-too-large.eml": {
    recipient: "jordan@big.test",
    status: "5.3.4",
    reason: "message_too_large",
    type: "soft",
    leadId: lead(102),
  },
  "postfix-dsn-blocklisted.eml": {
    recipient: "jordan@blocked.test",
    status: "5.7.1",
    reason: "policy_blocked",
    type: "block",
    leadId: lead(103),
  },
  // Status: 5.0.0, "User unknown in relay recipient table": the words give 5.1.1
  "postfix-dsn-generic-user-unknown.eml": {
    recipient: "jordan@generic.test",
    status: "5.1.1",
    reason: "user_unknown",
    type: "hard",
    leadId: lead(104),
  },
  "postfix-dsn-dmarc.eml": {
    recipient: "jordan@dmarc.test",
    status: "5.7.26",
    reason: "auth_failed",
    type: "block",
    leadId: lead(105),
  },
  // genuine bounces of Exim, OpenSMTPD, Sendmail and Courier (scripts/generate-mta-bounces.ts): the same
  // eight refusals through each MTA, below
  ...generated("exim", 201, {
    // DSN Status 5.0.0, the reply says 4.2.2 and Exim adds "retry timeout exceeded"
    expiredStatus: "4.2.2",
  }),
  // no Diagnostic-Code at all: the reply is read from the notice beside the address
  ...generated("opensmtpd", 211, { expiredStatus: "4.4.7" }),
  // DSN Status 4.4.7 with the last refusal (452 4.2.2 mailbox full) as its Diagnostic-Code
  ...generated("sendmail", 221, { expiredStatus: "4.4.7" }),
  // Action: failed, Status 5.0.0 and the last 452 4.2.2 as the Diagnostic-Code, no word of expiry
  ...generated("courier", 231, { expiredStatus: "4.2.2" }),
};

/**
 * The eight cases scripts/generate-mta-bounces.ts sends through an MTA, each to a receiver that
 * refuses it one way: the lead numbers run from `base` in the order of the generator's cases.
 */
function generated(mta: string, base: number, o: { expiredStatus: string }): Record<string, Expected> {
  const cases: [string, Omit<Expected, "leadId">][] = [
    [
      "user-unknown",
      { recipient: "unknown@receiver.test", status: "5.1.1", reason: "user_unknown", type: "hard" },
    ],
    [
      "mailbox-full",
      { recipient: "full@receiver.test", status: "5.2.2", reason: "mailbox_full", type: "soft" },
    ],
    [
      "blocklisted",
      { recipient: "blocked@receiver.test", status: "5.7.1", reason: "policy_blocked", type: "block" },
    ],
    ["dmarc", { recipient: "dmarc@receiver.test", status: "5.7.26", reason: "auth_failed", type: "block" }],
    [
      "spam-rejected",
      { recipient: "spam@receiver.test", status: "5.7.1", reason: "content_rejected", type: "block" },
    ],
    // retried until the MTA gave up: expired, whatever the last refusal was
    [
      "expired",
      { recipient: "later@receiver.test", status: o.expiredStatus, reason: "expired", type: "soft" },
    ],
    [
      "host-unknown",
      { recipient: "jordan@no-such-host.test", status: "5.1.2", reason: "host_unknown", type: "hard" },
    ],
    // the MTA's warning while it still retries a greylisting receiver (Exim's says only Status 4.0.0)
    [
      "delayed-greylisted",
      { recipient: "slow@receiver.test", status: "4.7.1", reason: "rate_limited", type: "soft" },
    ],
  ];
  return Object.fromEntries(
    cases.map(([name, want], i) => [`${mta}-generated-${name}.eml`, { ...want, leadId: lead(base + i) }]),
  );
}

const COMPLAINTS: Record<
  string,
  { feedbackType: string; recipient: string | null; leadId: string; messageId: string }
> = {
  "arf-rfc5965-inline-original.eml": {
    feedbackType: "abuse",
    recipient: "jordan.blake@acme-widgets.test",
    leadId: "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
    messageId: "<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>",
  },
  "yahoo-cfl-arf.eml": {
    feedbackType: "abuse",
    recipient: "gob@yahoo.test",
    leadId: lead(5),
    messageId: "<a1a1a1a1-6666-4777-8888-9999aaaabbbb.4a5b6c7d8e9f@outreach-coldframe.test>",
  },
  "aol-arf-headers-only.eml": {
    feedbackType: "fraud",
    recipient: "kel.varnsen@aol.test",
    leadId: lead(7),
    messageId: "<e2e2e2e2-8888-4999-8aaa-bbbbccccdddd.6a7b8c9d0e1f@outreach-coldframe.test>",
  },
  "microsoft-jmrp-legacy.eml": {
    feedbackType: "abuse",
    recipient: "michael.scott@hotmail.test",
    leadId: lead(9),
    messageId: "<a2a2a2a2-aaaa-4bbb-8ccc-ddddeeeeffff.8a9b0c1d2e3f@outreach-coldframe.test>",
  },
  "ses-forwarded-complaint.eml": {
    feedbackType: "abuse",
    recipient: "nelson.bighetti@hooli.test",
    leadId: lead(14),
    messageId: "<f4f4f4f4-ffff-4000-8111-222233334444.3b4c5d6e7f8a@outreach-coldframe.test>",
  },
};

describe("bounces from the long tail of MTAs and providers", () => {
  it("every fixture in bounces/ is checked", () => {
    expect(readdirSync(path.join(dir, "bounces")).sort()).toEqual(Object.keys(BOUNCES).sort());
  });

  it.each(Object.entries(BOUNCES))("%s", async (file, want) => {
    const c = await classify(`bounces/${file}`);
    expect(c.category).toBe("bounce");
    expect(c.autoReply).toBe(true);
    expect(c.intent).toBeNull();
    expect(c.bounce).toMatchObject({
      type: want.type,
      reason: want.reason,
      recipient: want.recipient,
      status: want.status,
    });
    expect(c.bounce?.diagnostic).toEqual(expect.any(String));
    if (want.leadId) expect(c.original).toMatchObject({ campaignId: CAMPAIGN, leadId: want.leadId });
  });
});

describe("a DSN that names no Diagnostic-Code says why in its notice", () => {
  it("OpenSMTPD: the server's reply on the recipient's line", async () => {
    const c = await classify("bounces/opensmtpd-generated-user-unknown.eml");
    expect(c.bounce?.diagnostic).toBe(
      "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
    );
    const host = await classify("bounces/opensmtpd-generated-host-unknown.eml");
    expect(host.bounce?.diagnostic).toBe("Domain does not exist");
  });

  it("Exim: its words indented below the address", async () => {
    const c = await classify("bounces/exim-generated-host-unknown.eml");
    expect(c.bounce?.diagnostic).toBe("Unrouteable address");
  });
});

describe("spam complaints", () => {
  it("every fixture in complaints/ is checked", () => {
    expect(readdirSync(path.join(dir, "complaints")).sort()).toEqual(
      [...Object.keys(COMPLAINTS), "dmarc-auth-failure-report.eml"].sort(),
    );
  });

  it.each(Object.entries(COMPLAINTS))("%s is a complaint linked through the original", async (file, want) => {
    const c = await classify(`complaints/${file}`);
    expect(c.category).toBe("complaint");
    expect(c).toMatchObject({ intent: null, autoReply: true, bounce: null });
    expect(c.complaint).toMatchObject({ feedbackType: want.feedbackType, recipient: want.recipient });
    expect(c.original).toEqual({ messageId: want.messageId, campaignId: CAMPAIGN, leadId: want.leadId });
  });

  it("the ARF fields are kept: reporter and arrival date", async () => {
    const c = await classify("complaints/arf-rfc5965-inline-original.eml");
    expect(c.complaint).toEqual({
      feedbackType: "abuse",
      recipient: "jordan.blake@acme-widgets.test",
      reporter: "mail.acme-widgets.test",
      arrivalDate: "Thu, 26 Nov 2026 14:00:00 -0500",
    });
  });

  it("an ARF authentication failure report (a DMARC forensic report) is no complaint", async () => {
    const c = await classify("complaints/dmarc-auth-failure-report.eml");
    expect(c.category).toBe("other");
    expect(c.autoReply).toBe(true);
    expect(c.complaint).toBeUndefined();
  });

  it("an inline original's Message-ID and X- headers are read from the source, not lost to the text", async () => {
    const msg = await parseMessage(
      readFileSync(path.join(dir, "complaints/arf-rfc5965-inline-original.eml")),
    );
    expect(msg.originalMessage).toContain("X-Lead-ID: 0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b");
    expect(msg.feedbackReport).toContain("Feedback-Type: abuse");
  });
});
