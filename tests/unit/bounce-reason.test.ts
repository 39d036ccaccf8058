import { describe, expect, it } from "vitest";
import { classifyMessage } from "@/lib/inbox/classify";
import type { ParsedMessage } from "@/lib/inbox/parse-message";
import { bounceTypeOf, describeBounce, reasonOfStatus } from "@/lib/sending/bounce-reason";
import { enhancedCodeIn, STATUS_TABLE, statusFromText } from "@/lib/sending/smtp-status-table";

const evidence = (over: Partial<Parameters<typeof describeBounce>[0]>) =>
  describeBounce({ dsnStatus: null, diagnostic: null, smtpCode: null, temporary: false, ...over });

describe("status from the most specific evidence", () => {
  it("a specific DSN Status wins", () => {
    expect(evidence({ dsnStatus: "5.1.1", diagnostic: "550 5.1.10 RecipientNotFound" }).status).toBe("5.1.1");
  });

  it("a generic DSN Status (5.0.0) gives way to the enhanced code in the diagnostic", () => {
    expect(
      evidence({ dsnStatus: "5.0.0", diagnostic: "550-5.1.1 The email account does not exist" }),
    ).toEqual({
      status: "5.1.1",
      reason: "user_unknown",
      type: "hard",
    });
  });

  it("with no enhanced code anywhere, the table reads the words, the class from the reply", () => {
    expect(
      evidence({ dsnStatus: "5.0.0", diagnostic: "550 Requested action not taken: no such user" }).status,
    ).toBe("5.1.1");
    expect(evidence({ diagnostic: "452 Mailbox full", smtpCode: "452" })).toEqual({
      status: "4.2.2",
      reason: "mailbox_full",
      type: "soft",
    });
    expect(
      evidence({ diagnostic: "552 Message size exceeds fixed maximum message size", smtpCode: "552" }),
    ).toEqual({
      status: "5.3.4",
      reason: "message_too_large",
      type: "soft",
    });
    expect(
      evidence({ diagnostic: "Host or domain name not found. Name service error for name=nowhere.test" }),
    ).toEqual({
      status: "5.1.2",
      reason: "host_unknown",
      type: "hard",
    });
    expect(evidence({ diagnostic: "retry timeout exceeded" })).toEqual({
      status: "4.4.7",
      reason: "expired",
      type: "soft",
    });
    expect(evidence({ diagnostic: "550 SPF check failed for 198.51.100.7", smtpCode: "550" })).toEqual({
      status: "5.7.23",
      reason: "auth_failed",
      type: "block",
    });
    expect(
      evidence({ diagnostic: "421 Too many messages from your IP, rate limited", smtpCode: "421" }),
    ).toEqual({
      status: "4.7.0",
      reason: "rate_limited",
      type: "soft",
    });
    expect(
      evidence({ diagnostic: "554 Message rejected as spam by Content Filtering", smtpCode: "554" }),
    ).toEqual({
      status: "5.7.1",
      reason: "content_rejected",
      type: "block",
    });
  });

  it("a delayed DSN without a class in its words is temporary", () => {
    expect(evidence({ diagnostic: "mailbox is full", temporary: true })).toMatchObject({
      status: "4.2.2",
      type: "soft",
    });
  });

  it("nothing readable: no status, reason other, hard unless temporary", () => {
    expect(evidence({ diagnostic: "421 Try again later", smtpCode: "421" })).toEqual({
      status: null,
      reason: "other",
      type: "soft",
    });
    expect(evidence({})).toEqual({ status: null, reason: "other", type: "hard" });
  });

  it("an enhanced code is not read out of an IP address or a longer number", () => {
    expect(enhancedCodeIn("host 192.0.2.44 said: go away")).toBeNull();
    expect(enhancedCodeIn("550 5.1.10 RESOLVER.ADR.RecipientNotFound")).toBe("5.1.10");
    expect(enhancedCodeIn("over quota (#5.2.2)")).toBe("5.2.2");
    expect(enhancedCodeIn("550-5.7.26 unauthenticated")).toBe("5.7.26");
  });
});

describe("a message the sender gave up on", () => {
  it("is expired, whatever refusal kept it waiting: Exim's retry timeout, Sendmail's X.4.7", () => {
    // Exim: DSN Status 5.0.0, the last reply and its own words in the diagnostic
    expect(
      evidence({
        dsnStatus: "5.0.0",
        diagnostic: "452 4.2.2 <later@receiver.test>: Mailbox full, try again later: retry timeout exceeded",
        smtpCode: "452",
      }),
    ).toEqual({ status: "4.2.2", reason: "expired", type: "soft" });
    // Sendmail: Status 4.4.7, the last reply as the Diagnostic-Code
    expect(
      evidence({
        dsnStatus: "4.4.7",
        diagnostic: "452 4.2.2 <later@receiver.test>: Mailbox full, try again later",
      }),
    ).toEqual({ status: "4.4.7", reason: "expired", type: "soft" });
  });

  it("a recipient given up on while its server only said 'try later' expired (Courier says no more)", () => {
    expect(
      evidence({
        dsnStatus: "5.0.0",
        diagnostic: "452 4.2.2 <later@receiver.test>: Mailbox full, try again later",
        smtpCode: "452",
        failed: true,
      }),
    ).toEqual({ status: "4.2.2", reason: "expired", type: "soft" });
    // refused for good at once: no expiry
    expect(
      evidence({ dsnStatus: "5.0.0", diagnostic: "552 5.2.2 Mailbox full", smtpCode: "552", failed: true })
        .reason,
    ).toBe("mailbox_full");
  });

  it("without a code, the notice's words give X.4.7 in the class it has", () => {
    expect(
      evidence({
        diagnostic: null,
        context: "Message could not be delivered for 5 days\nMessage will be deleted from queue",
      }),
    ).toEqual({ status: "4.4.7", reason: "expired", type: "soft" });
    expect(evidence({ dsnStatus: "5.0.0", diagnostic: "later@receiver.test: Envelope expired" })).toEqual({
      status: "5.4.7",
      reason: "expired",
      type: "soft",
    });
  });

  it("a delay warning is no expiry, whatever its words say of the time so far", () => {
    expect(
      evidence({
        diagnostic: "451 4.7.1 Greylisted, try again later",
        smtpCode: "451",
        temporary: true,
        context:
          "Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.",
      }),
    ).toEqual({ status: "4.7.1", reason: "rate_limited", type: "soft" });
  });

  it("a full mailbox that was not retried to the end is still a full mailbox", () => {
    expect(evidence({ diagnostic: "452 4.2.2 Mailbox full, try again later", smtpCode: "452" }).reason).toBe(
      "mailbox_full",
    );
  });
});

describe("reason and taxonomy", () => {
  it("5.x.x is not always hard: a full mailbox is soft, a policy block is the receiver refusing us", () => {
    expect(bounceTypeOf("mailbox_full", "5.2.2")).toBe("soft");
    expect(bounceTypeOf("policy_blocked", "5.7.1")).toBe("block");
    expect(bounceTypeOf("auth_failed", "5.7.26")).toBe("block");
    expect(bounceTypeOf("content_rejected", "5.7.1")).toBe("block");
    expect(bounceTypeOf("user_unknown", "5.1.1")).toBe("hard");
    expect(bounceTypeOf("host_unknown", "5.1.2")).toBe("hard");
    // temporary is soft whatever the reason
    expect(bounceTypeOf("user_unknown", "4.1.1")).toBe("soft");
    expect(bounceTypeOf("policy_blocked", "4.7.1")).toBe("soft");
  });

  it("the reason of a code when no words say more (RFC 3463, RFC 7372)", () => {
    expect(reasonOfStatus("5.1.1")).toBe("user_unknown");
    expect(reasonOfStatus("5.1.10")).toBe("user_unknown");
    expect(reasonOfStatus("5.2.1")).toBe("user_unknown");
    expect(reasonOfStatus("4.2.1")).toBe("rate_limited");
    expect(reasonOfStatus("5.1.2")).toBe("host_unknown");
    expect(reasonOfStatus("5.2.2")).toBe("mailbox_full");
    expect(reasonOfStatus("5.3.4")).toBe("message_too_large");
    expect(reasonOfStatus("4.4.7")).toBe("expired");
    expect(reasonOfStatus("5.7.23")).toBe("auth_failed");
    expect(reasonOfStatus("5.7.1")).toBe("policy_blocked");
    expect(reasonOfStatus("4.7.0")).toBe("rate_limited");
    expect(reasonOfStatus("5.6.0")).toBe("content_rejected");
    expect(reasonOfStatus("4.3.0")).toBe("system_error");
    expect(reasonOfStatus("5.0.0")).toBe("other");
    expect(reasonOfStatus(null)).toBe("other");
  });

  it("the table: a blocklist outranks the generic words, an unknown user outranks 'access denied'", () => {
    expect(statusFromText("Service unavailable; Client host blocked using zen.spamhaus.org")?.reason).toBe(
      "policy_blocked",
    );
    expect(statusFromText("Mailbox unavailable or access denied")?.reason).toBe("user_unknown");
    expect(statusFromText("Recipient address rejected: Greylisted, try again later")?.reason).toBe(
      "rate_limited",
    );
    expect(statusFromText("all is well")).toBeNull();
    // every row's class is a class and every code a subject.detail
    for (const row of STATUS_TABLE) expect(`${row.defaultClass}.${row.code}`).toMatch(/^[45]\.\d\.\d{1,3}$/);
  });
});

/** A plain message to vary one header or line at a time. */
function message(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    messageId: "<r1@lead.test>",
    inReplyTo: "<ours@outreach.test>",
    references: ["<ours@outreach.test>"],
    from: { email: "lead@lead.test", name: "Lead" },
    to: ["alex@outreach.test"],
    subject: "Re: Quick question",
    date: null,
    text: "Thanks, noted.",
    html: null,
    headers: {},
    deliveryStatus: null,
    originalMessage: null,
    ...over,
  };
}

describe("what is not a bounce or a complaint", () => {
  it("a person mentioning a failed delivery, or forwarding a notice, is a reply", () => {
    const c = classifyMessage(
      message({
        text: "I tried to forward this to Bob but it could not be delivered to bob@lead.test, odd.",
      }),
    );
    expect(c.category).toBe("reply");
    expect(classifyMessage(message({ subject: "Fw: Undeliverable: Quick question" })).category).toBe("reply");
  });

  it("an out-of-office with Auto-Submitted and a null Return-Path stays an auto-reply", () => {
    const c = classifyMessage(
      message({
        subject: "Out of office",
        headers: { "auto-submitted": "auto-replied", "return-path": "<>" },
        text: "I am away until Monday with limited access to email.",
      }),
    );
    expect(c.category).toBe("auto_reply");
    // the same with the original message attached, as some responders do
    const quoting = classifyMessage(
      message({
        subject: "Automatic reply: Quick question",
        headers: { "auto-submitted": "auto-replied", "return-path": "<>" },
        text: "I am away until Monday with limited access to email.",
        originalMessage: "Message-ID: <ours@outreach.test>\nSubject: Quick question\n",
      }),
    );
    expect(quoting.category).toBe("auto_reply");
  });

  it("a person calling our email spam is asking to stop, not filing a complaint", () => {
    const c = classifyMessage(message({ text: "This is spam. Stop emailing me." }));
    expect(c.category).toBe("unsubscribe_request");
    expect(classifyMessage(message({ subject: "Re: complaint about message" })).category).toBe("reply");
  });

  it("a feedback loop known by its sender is a complaint even without ARF (Amazon SES forwarding)", () => {
    const c = classifyMessage(
      message({
        from: { email: "complaints@email-abuse.amazonses.com", name: null },
        subject: "Complaint notification",
        inReplyTo: null,
        references: [],
        text: "A recipient reported the message as spam.",
      }),
    );
    expect(c.category).toBe("complaint");
    expect(c.complaint).toMatchObject({ feedbackType: "abuse", reporter: "email-abuse.amazonses.com" });
  });

  it("an unseen MTA's notice is recognised by its signals together: null sender, a failure sentence, a code", () => {
    const c = classifyMessage(
      message({
        from: { email: "robot@mx.unheard-of.test", name: "Robot" },
        subject: "About your mail",
        inReplyTo: null,
        references: [],
        headers: { "return-path": "<>" },
        text: "We were unable to deliver your message to hana@unheard-of.test.\n\nServer reply: 550 5.1.1 mailbox does not exist",
      }),
    );
    expect(c.category).toBe("bounce");
    expect(c.bounce).toMatchObject({
      type: "hard",
      reason: "user_unknown",
      recipient: "hana@unheard-of.test",
      status: "5.1.1",
    });
  });
});
