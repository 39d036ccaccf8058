import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTsx } from "./helpers/run";

const fixture = (name: string) => path.join("tests/integration/fixtures/emails", name);
// nothing listens on port 1: any attempt to reach a database would fail the command
const NO_DATABASE = { DATABASE_URL: "postgresql://x@127.0.0.1:1/x" };
const classify = (...files: string[]) => runTsx("src/cli.ts", ["inbox:classify", ...files], NO_DATABASE);
const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("npm run cli -- inbox:classify", () => {
  it("prints one JSON line per file, from the files alone, with no database", async () => {
    const run = await classify(
      fixture("postfix-hard-bounce.eml"),
      fixture("reply-meeting.eml"),
      fixture("ooo-de-subject-only.eml"),
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [bounce, reply, ooo] = lines(run.stdout);

    expect(bounce).toEqual({
      file: fixture("postfix-hard-bounce.eml"),
      category: "bounce",
      bounce: {
        type: "hard",
        reason: "user_unknown",
        recipient: "jordan.blake@acme-widgets.test",
        status: "5.1.1",
        diagnostic:
          "550 5.1.1 <jordan.blake@acme-widgets.test>: Recipient address rejected: User unknown in virtual mailbox table",
      },
      autoReply: { returnDate: null },
      messageId: "<20261124091503.4Zk9Qm2PqLz9vB1@mx1.outreach-coldframe.test>",
      inReplyTo: null,
      references: [],
      // from the returned original, not the DSN's own headers
      campaignId: "7d3f1c2a-8b4e-4f6a-9c1d-2e5b7a9f0c11",
      leadId: "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
    });

    expect(reply).toEqual({
      file: fixture("reply-meeting.eml"),
      category: "reply",
      bounce: null,
      autoReply: false,
      messageId: "<CAF6692xreply-meeting@mail.gmail.test>",
      inReplyTo: "<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>",
      references: [
        "<0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e.111111111111@outreach-coldframe.test>",
        "<5f0c2a9e-6d1b-4c3e-9a7f-2b8e1d4c6a01.a1b2c3d4e5f6@outreach-coldframe.test>",
      ],
      campaignId: null,
      leadId: null,
    });

    expect(ooo).toMatchObject({
      category: "auto_reply",
      autoReply: { returnDate: "2026-12-01" },
      bounce: null,
      returnDate: "2026-12-01",
    });
  });

  it("a soft bounce carries its 4.x.x status", async () => {
    const run = await classify(fixture("soft-bounce-mailbox-full.eml"));
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatchObject({
      category: "bounce",
      bounce: {
        type: "soft",
        reason: "mailbox_full",
        status: "4.2.2",
        recipient: "maria.santos@globex.test",
      },
      leadId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
    });
  });

  it("a spam complaint prints category complaint, what the report says and the campaign it answers", async () => {
    const run = await classify(fixture("complaints/arf-rfc5965-inline-original.eml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatchObject({
      category: "complaint",
      bounce: null,
      complaint: {
        feedbackType: "abuse",
        recipient: "jordan.blake@acme-widgets.test",
        reporter: "mail.acme-widgets.test",
        arrivalDate: "Thu, 26 Nov 2026 14:00:00 -0500",
      },
      autoReply: { returnDate: null },
      campaignId: "7d3f1c2a-8b4e-4f6a-9c1d-2e5b7a9f0c11",
      leadId: "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
    });
  });

  it("a sender-side block prints bounce.type block with its reason, status and diagnostic", async () => {
    const run = await classify(fixture("bounces/opensmtpd-blocklisted.eml"));
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatchObject({
      category: "bounce",
      bounce: {
        type: "block",
        reason: "policy_blocked",
        status: "5.7.1",
        recipient: "kel.varnsen@vandelay.test",
        diagnostic:
          "550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org",
      },
    });
  });

  it("an unreadable file gets an error line, the others are still classified, and the exit code is 1", async () => {
    const run = await classify(
      "tests/integration/fixtures/emails/missing.eml",
      fixture("unsubscribe-request.eml"),
    );
    expect(run.code).toBe(1);
    const [missing, unsubscribe] = lines(run.stdout);
    expect(missing).toEqual({
      file: "tests/integration/fixtures/emails/missing.eml",
      error: expect.stringContaining("ENOENT"),
    });
    expect(unsubscribe).toMatchObject({ category: "unsubscribe_request" });
  });

  it("without files it says what is missing", async () => {
    const run = await classify();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("missing FILE.eml");
  });
});
