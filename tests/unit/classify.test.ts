import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyMessage } from "@/lib/inbox/classify";
import { type ParsedMessage, parseMessage } from "@/lib/inbox/parse-message";

const fixtures = path.resolve(import.meta.dirname, "../integration/fixtures/emails");
const load = (name: string) => parseMessage(readFileSync(path.join(fixtures, name)));
const classify = async (name: string) => classifyMessage(await load(name));

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

const CAMPAIGN = "7d3f1c2a-8b4e-4f6a-9c1d-2e5b7a9f0c11";

describe("parseMessage", () => {
  it("reads ids, References in order, sender and the headers classification needs", async () => {
    const msg = await load("reply-interested.eml");
    expect(msg.inReplyTo).toBe("<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>");
    expect(msg.references).toEqual([
      "<0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e.111111111111@outreach-coldframe.test>",
      "<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>",
    ]);
    expect(msg.from).toEqual({ email: "jordan.blake@acme-widgets.test", name: "Jordan Blake" });
    expect(msg.to).toEqual(["alex@outreach-coldframe.test"]);
    expect(msg.deliveryStatus).toBeNull();

    const list = await load("newsletter-bulk.eml");
    expect(list.headers).toMatchObject({
      precedence: "bulk",
      "list-id": "Growth Weekly <weekly.growthweekly.test>",
    });
  });

  it("keeps a DSN's delivery-status part and returned original out of the text", async () => {
    const msg = await load("postfix-hard-bounce.eml");
    expect(msg.deliveryStatus).toContain("Final-Recipient: rfc822; jordan.blake@acme-widgets.test");
    expect(msg.originalMessage).toContain("X-Campaign-ID: 7d3f1c2a");
    expect(msg.text).not.toContain("Final-Recipient");
    expect((await load("soft-bounce-mailbox-full.eml")).originalMessage).toContain("X-Lead-ID:");
  });
});

describe("classifyMessage: bounces", () => {
  it("a Postfix DSN is a hard bounce, linked through the attached original", async () => {
    expect(await classify("postfix-hard-bounce.eml")).toEqual({
      category: "bounce",
      intent: null,
      autoReply: true,
      bounce: {
        type: "hard",
        reason: "user_unknown",
        recipient: "jordan.blake@acme-widgets.test",
        status: "5.1.1",
        diagnostic:
          "550 5.1.1 <jordan.blake@acme-widgets.test>: Recipient address rejected: User unknown in virtual mailbox table",
      },
      original: {
        messageId: "<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>",
        campaignId: CAMPAIGN,
        leadId: "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
      },
    });
  });

  it("a 4.2.2 delay is a soft bounce, its original read from text/rfc822-headers", async () => {
    const c = await classify("soft-bounce-mailbox-full.eml");
    expect(c.category).toBe("bounce");
    expect(c.bounce).toEqual({
      type: "soft",
      reason: "mailbox_full",
      recipient: "maria.santos@globex.test",
      status: "4.2.2",
      diagnostic: "452 4.2.2 <maria.santos@globex.test>: Mailbox full",
    });
    expect(c.original).toEqual({
      messageId: "<9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d.0f1e2d3c4b5a@outreach-coldframe.test>",
      campaignId: CAMPAIGN,
      leadId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
    });
  });

  it("Gmail's DSN: the multi-line diagnostic reads as one sentence", async () => {
    const c = await classify("gmail-dsn-failure.eml");
    expect(c.bounce).toMatchObject({
      type: "hard",
      reason: "user_unknown",
      recipient: "sam.porter@hooli.test",
      status: "5.1.1",
    });
    expect(c.bounce?.diagnostic).toBe(
      "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.test/mail/?p=NoSuchUser",
    );
    expect(c.original?.leadId).toBe("9f8e7d6c-5b4a-4392-8e1d-0c9b8a7f6e5d");
  });

  it("an Exchange NDR without a DSN part: recipient and code from its text", async () => {
    const c = await classify("exchange-undeliverable.eml");
    expect(c.category).toBe("bounce");
    expect(c.bounce).toEqual({
      type: "hard",
      reason: "user_unknown",
      recipient: "bill.lumbergh@initech.test",
      status: "5.1.10",
      diagnostic: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    });
    expect(c.original).toEqual({
      messageId: "<11aa22bb-33cc-44dd-8ee5-ff6677889900.aabbccddeeff@outreach-coldframe.test>",
      campaignId: CAMPAIGN,
      leadId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
    });
  });

  it("a qmail failure notice: recipient before the copy, original from the copy's headers", async () => {
    const c = await classify("qmail-failure-notice.eml");
    // the words ("Mailbox unavailable") say what the generic 5.7.1 does not: the address is gone
    expect(c.bounce).toEqual({
      type: "hard",
      reason: "user_unknown",
      recipient: "art.vandelay@vandelay.test",
      status: "5.7.1",
      diagnostic: "550 5.7.1 <art.vandelay@vandelay.test>... Mailbox unavailable or access denied",
    });
    expect(c.original?.messageId).toBe(
      "<aa11bb22-cc33-4d44-9e55-ff66aa77bb88.99887766aabb@outreach-coldframe.test>",
    );
  });

  it("a non-standard notice with only a bare 4xx code, or none, by its words", () => {
    const soft = classifyMessage(
      message({
        from: { email: "mailer-daemon@mx.example.test", name: null },
        subject: "Mail delivery failed: returning message to sender",
        text: "This is a temporary error.\n  lee@example.test\n    host mx.example.test said: 421 Try again later",
      }),
    );
    expect(soft.bounce).toEqual({
      type: "soft",
      reason: "other",
      recipient: "lee@example.test",
      status: null,
      diagnostic: "421 Try again later",
    });
    const hard = classifyMessage(
      message({
        subject: "Returned mail: see transcript for details",
        text: "User unknown: kim@example.test",
      }),
    );
    // no code at all: the table reads "User unknown" as 5.1.1
    expect(hard.bounce).toEqual({
      type: "hard",
      reason: "user_unknown",
      recipient: "kim@example.test",
      status: "5.1.1",
      diagnostic: "User unknown: kim@example.test",
    });
  });

  it("a DSN reporting delivery is no bounce", () => {
    const c = classifyMessage(
      message({
        headers: { "content-type": "multipart/report; report-type=delivery-status" },
        subject: "Delivery Status Notification (Relay)",
        deliveryStatus:
          "Reporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; a@b.test\nAction: relayed\nStatus: 2.0.0\n",
      }),
    );
    expect(c).toMatchObject({ category: "other", bounce: null, autoReply: true });
  });
});

describe("classifyMessage: auto-replies", () => {
  // each received Tue 24 Nov 2026; the return date is read in the responder's language
  it.each([
    ["ooo-en-auto-submitted.eml", "Auto-Submitted", "2026-11-30"],
    ["ooo-de-subject-only.eml", "Abwesenheitsnotiz", "2026-12-01"],
    ["ooo-fr-x-autoreply.eml", "X-Autoreply", "2026-12-02"],
    ["ooo-es-subject-only.eml", "Respuesta automática", "2026-11-30"],
    ["ooo-pt-auto-submitted.eml", "Auto-Submitted", "2026-12-01"],
    ["ooo-nl-subject-only.eml", "Afwezig", "2026-11-30"],
    ["ooo-it-x-autorespond.eml", "X-Autorespond", "2026-11-30"],
  ])("%s (%s) is an auto-reply, back on %s", async (file, _signal, returnDate) => {
    expect(await classify(file)).toEqual({
      category: "auto_reply",
      intent: null,
      autoReply: true,
      bounce: null,
      original: null,
      returnDate,
    });
  });

  it("each signal alone, and Auto-Submitted: no is a person", () => {
    const auto = (over: Partial<ParsedMessage>) => classifyMessage(message(over)).category;
    expect(auto({ headers: { "auto-submitted": "auto-generated" } })).toBe("auto_reply");
    expect(auto({ headers: { precedence: "auto_reply" } })).toBe("auto_reply");
    expect(auto({ headers: { precedence: "junk" } })).toBe("auto_reply");
    expect(auto({ subject: "Out of Office: Quick question" })).toBe("auto_reply");
    expect(auto({ subject: "[Automatische Antwort] Kurze Frage" })).toBe("auto_reply");
    expect(auto({ subject: "Fuori ufficio" })).toBe("auto_reply");
    expect(auto({ headers: { "auto-submitted": "no" } })).toBe("reply");
    // a human's subject that merely mentions an absence
    expect(auto({ subject: "Re: Absence policy question" })).toBe("reply");
  });

  it("a newsletter (Precedence: bulk, List-Id) is automated mail, not an auto-reply", async () => {
    expect(await classify("newsletter-bulk.eml")).toMatchObject({
      category: "other",
      intent: null,
      autoReply: true,
    });
  });
});

describe("classifyMessage: human replies", () => {
  it.each([
    ["reply-interested.eml", "interested"],
    ["reply-not-interested.eml", "not_interested"],
    ["reply-meeting.eml", "meeting_request"],
    ["reply-wrong-person.eml", "wrong_person"],
    // the quoted campaign email says "interested", "call", "calendly": none of it is theirs
    ["reply-other.eml", "other"],
  ])("%s → %s", async (file, intent) => {
    expect(await classify(file)).toEqual({
      category: "reply",
      intent,
      autoReply: false,
      bounce: null,
      original: null,
    });
  });

  it("an unsubscribe request, though the quote below says 'unsubscribe' too", async () => {
    expect(await classify("unsubscribe-request.eml")).toMatchObject({
      category: "unsubscribe_request",
      intent: null,
      autoReply: false,
    });
  });

  it.each([
    ["Abmelden bitte.", "unsubscribe_request"],
    ["Merci de me désinscrire.", "unsubscribe_request"],
    ["Por favor, quiero darme de baja.", "unsubscribe_request"],
    ["Graag uitschrijven.", "unsubscribe_request"],
    ["Cancellami dalla lista, grazie.", "unsubscribe_request"],
    ["Stop emailing me.", "unsubscribe_request"],
    ["Take me off your list", "unsubscribe_request"],
  ])("%s → %s", (text, category) => {
    expect(classifyMessage(message({ text })).category).toBe(category);
  });

  it.each([
    ["Can we book a time Thursday? Here's my calendly link.", "meeting_request"],
    ["Let's schedule a call, I'm available next week.", "meeting_request"],
    ["Tell me more. Pricing?", "interested"],
    ["Sounds good, send me more info.", "interested"],
    ["No thanks.", "not_interested"],
    ["Not a fit for us right now.", "not_interested"],
    ["Sam no longer works here.", "wrong_person"],
    ["Wrong person, reach out to Dana instead.", "wrong_person"],
    ["Got it.", "other"],
  ])("%s → %s", (text, intent) => {
    expect(classifyMessage(message({ text })).intent).toBe(intent);
  });

  it("the mailto: of our List-Unsubscribe header arrives as subject 'unsubscribe' with no text", () => {
    const c = classifyMessage(message({ subject: "unsubscribe", text: "", inReplyTo: null, references: [] }));
    expect(c.category).toBe("unsubscribe_request");
  });

  it("a long email that mentions unsubscribing is a reply, not a request", () => {
    const text = `${"We looked at your product in detail and have some questions. ".repeat(6)}Also, how do I unsubscribe my colleague?`;
    expect(classifyMessage(message({ text })).category).toBe("reply");
  });
});
