import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailServer, startMailServer } from "./helpers/mail-server";

// The test mail servers themselves: later tests (mailboxes, sending, inbox) rest on these facts.
let mail: MailServer;

beforeAll(async () => {
  mail = await startMailServer();
});
afterAll(async () => {
  await mail?.stop();
});

const smtp = (user: string, pass: string) =>
  nodemailer.createTransport({
    host: mail.host,
    port: mail.smtpPort,
    secure: false,
    ignoreTLS: true,
    auth: { user, pass },
  });

async function imap(user: string, pass: string) {
  const client = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user, pass },
    logger: false,
  });
  await client.connect();
  return client;
}

/** Poll INBOX until a message whose source matches `match` is there: its source and parsed form. */
// Postfix delivers, and writes a DSN, in processes it starts on demand: on a loaded machine that
// takes seconds. The same deadline as tests/integration/helpers/imap-inbox.ts received().
async function waitForMessage(user: string, pass: string, match: (raw: string) => boolean, ms = 30_000) {
  const client = await imap(user, pass);
  try {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const lock = await client.getMailboxLock("INBOX");
      try {
        for await (const msg of client.fetch("1:*", { source: true }, { uid: true })) {
          const raw = msg.source?.toString() ?? "";
          if (match(raw)) return { raw, parsed: await simpleParser(raw) };
        }
      } catch {
        // an empty mailbox has no 1:*
      } finally {
        lock.release();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no matching message for ${user} within ${ms} ms`);
  } finally {
    await client.logout();
  }
}

const unique = () => Math.random().toString(36).slice(2, 10);

describe("test mail servers (Postfix + Dovecot)", () => {
  it("authenticates a user over SMTP, delivers to another user, and serves the message over IMAP", async () => {
    const alice = `alice-${unique()}@example.test`;
    const bob = `bob-${unique()}@example.test`;
    await mail.addUser(alice, "alice-password");
    await mail.addUser(bob, "bob-password");

    const subject = `hello ${unique()}`;
    const started = Date.now();
    const info = await smtp(alice, "alice-password").sendMail({
      from: alice,
      to: bob,
      subject,
      text: "Hi Bob",
    });
    expect(info.accepted).toEqual([bob]);

    const { parsed } = await waitForMessage(bob, "bob-password", (raw) => raw.includes(subject));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(parsed.from?.text).toBe(alice);
    expect(parsed.text?.trim()).toBe("Hi Bob");
  });

  it("refuses a wrong password over SMTP and IMAP", async () => {
    const carol = `carol-${unique()}@example.test`;
    await mail.addUser(carol, "right-password");
    await expect(smtp(carol, "wrong").verify()).rejects.toMatchObject({ code: "EAUTH", responseCode: 535 });
    await expect(imap(carol, "wrong")).rejects.toMatchObject({ authenticationFailed: true });
    await expect(smtp(carol, "right-password").verify()).resolves.toBe(true);
  });

  it("offers the special-use folders an inbox sync looks for", async () => {
    const dave = `dave-${unique()}@example.test`;
    await mail.addUser(dave, "pw");
    const client = await imap(dave, "pw");
    const folders = await client.list();
    await client.logout();
    const byUse = Object.fromEntries(folders.map((f) => [f.specialUse ?? f.path, f.path]));
    expect(byUse).toMatchObject({ "\\Inbox": "INBOX", "\\Sent": "Sent", "\\Junk": "Junk" });
  });

  it("returns a genuine DSN to the sender for x@bounce.test (hard) and x@softbounce.test (soft)", async () => {
    const erin = `erin-${unique()}@example.test`;
    await mail.addUser(erin, "pw");
    const sent = await smtp(erin, "pw").sendMail({
      from: erin,
      to: `nobody@${mail.bounceDomain}`,
      subject: "will bounce",
      text: "x",
      headers: { "X-Campaign-ID": "camp-1" },
    });
    const { raw, parsed } = await waitForMessage(erin, "pw", (r) => r.includes("nobody@bounce.test"));
    expect(parsed.headers.get("content-type")).toMatchObject({
      value: "multipart/report",
      params: { "report-type": "delivery-status" },
    });
    expect(raw).toContain("Content-Type: message/delivery-status");
    expect(raw).toMatch(/Final-Recipient: rfc822; ?nobody@bounce\.test/);
    expect(raw).toMatch(/Status: 5\.1\.1/);
    expect(raw).toContain("Content-Type: message/rfc822");
    // the original rides along, with our headers, so a bounce links to what was sent
    expect(raw).toContain(sent.messageId);
    expect(raw).toContain("X-Campaign-ID: camp-1");

    await smtp(erin, "pw").sendMail({
      from: erin,
      to: `full@${mail.softBounceDomain}`,
      subject: "soft",
      text: "x",
    });
    const soft = await waitForMessage(erin, "pw", (r) =>
      r.includes("Final-Recipient: rfc822; full@softbounce"),
    );
    expect(soft.raw).toMatch(/Status: 4\.2\.2/);
  });

  it("bounces mail to an address no one has (Dovecot answers 5.1.1)", async () => {
    const frank = `frank-${unique()}@example.test`;
    await mail.addUser(frank, "pw");
    await smtp(frank, "pw").sendMail({ from: frank, to: "ghost@example.test", subject: "ghost", text: "x" });
    const dsn = await waitForMessage(frank, "pw", (r) => r.includes("Final-Recipient: rfc822; ghost@"));
    expect(dsn.raw).toMatch(/Status: 5\.1\.1/);
  });
});
