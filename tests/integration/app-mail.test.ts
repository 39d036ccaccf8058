import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { getDb } from "../../src/lib/db/client";
import { mailboxes, members, users } from "../../src/lib/db/schema";
import { until } from "../helpers/until";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { inboxMessages, received, unfold } from "./helpers/imap-inbox";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { nextIp, signUp } from "./helpers/users";

/**
 * The app's own email on a real Postfix + Dovecot: verification links (asked of every new account,
 * required to sign in only with REQUIRE_EMAIL_VERIFICATION), and a workspace's mailbox chosen to
 * send its invitations — and a person's account mail when the server has no mailer of its own.
 */
let app: AppServer;
let mail: MailServer;
const ops = { email: `ops.${Date.now()}@coldframe-ops.test`, password: "ops mail pw" };
const systemSmtpUrl = () =>
  `smtp://${encodeURIComponent(ops.email)}:${encodeURIComponent(ops.password)}@127.0.0.1:${mail.smtpPort}/?ignoreTLS=true`;

beforeAll(async () => {
  mail = await startMailServer();
  await mail.addUser(ops.email, ops.password);
  app = await startAppServer({
    SYSTEM_SMTP_URL: systemSmtpUrl(),
    SYSTEM_MAIL_FROM: `Coldframe <${ops.email}>`,
  });
  resetEnvCache();
});
afterAll(async () => {
  await app?.close();
  await mail?.stop();
  delete process.env.SYSTEM_SMTP_URL;
  delete process.env.SYSTEM_MAIL_FROM;
  delete process.env.REQUIRE_EMAIL_VERIFICATION;
  resetEnvCache();
});

let n = 0;
/** A person with a real inbox on the test mail server. */
async function person(prefix: string) {
  const p = { email: `${prefix}${++n}.${Date.now()}@client.test`, password: "inbox pw" };
  await mail.addUser(p.email, p.password);
  return p;
}

const verifyLink = (raw: string) =>
  unfold(raw).match(/(http:\/\/127\.0\.0\.1:\d+\/api\/auth\/verify-email\?\S+)/)?.[1];

async function emailVerified(email: string) {
  const [row] = await getDb().select({ v: users.emailVerified }).from(users).where(eq(users.email, email));
  return row?.v;
}

describe("email verification", () => {
  it("a new account is sent a link; following it verifies the address and signs the person in", async () => {
    const p = await person("vera");
    const { client } = await signUp(app.url, { email: p.email, password: "vera password 1" });
    // not required by default: the new account works at once, unverified
    expect((await client.get("/api/v1/me")).status).toBe(200);
    expect(await emailVerified(p.email)).toBe(false);

    const message = await received(mail, p, /Verify your email for Coldframe/);
    expect(message.from).toBe(ops.email);
    expect(unfold(message.raw)).toContain(`Confirm that ${p.email} is your address`);
    const link = verifyLink(message.raw);
    expect(link).toBeDefined();

    const browser = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const followed = await browser.request(link!, { redirect: "manual" });
    expect([200, 302]).toContain(followed.status);
    expect(await emailVerified(p.email)).toBe(true);
    // autoSignInAfterVerification: the browser that followed the link is signed in
    expect((await browser.get("/api/v1/me")).status).toBe(200);
  });

  it("resending sends a new link (the banner's Resend)", async () => {
    const p = await person("resend");
    const { client } = await signUp(app.url, { email: p.email });
    await received(mail, p, /Verify your email/);
    const res = await client.post("/api/auth/send-verification-email", { email: p.email, callbackURL: "/" });
    expect(res.status).toBe(200);
    const all = await until("a second verification email", async () => {
      const found = await inboxMessages(mail, p, /Verify your email/);
      return found.length >= 2 && found;
    });
    expect(all).toHaveLength(2);
    expect(verifyLink(all[1]!.raw)).toBeDefined();
  });
});

describe("REQUIRE_EMAIL_VERIFICATION=true", () => {
  beforeAll(() => {
    process.env.REQUIRE_EMAIL_VERIFICATION = "true";
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.REQUIRE_EMAIL_VERIFICATION;
    resetEnvCache();
  });

  it("signing in waits until the address is verified", async () => {
    const p = await person("strict");
    const password = "strict password 1";
    const browser = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const signedUp = await browser.post("/api/auth/sign-up/email", {
      email: p.email,
      password,
      name: "Stri",
    });
    expect(signedUp.status).toBe(200);
    // no session until verified
    expect((await browser.get("/api/v1/me")).status).toBe(401);
    const refused = await browser.post("/api/auth/sign-in/email", { email: p.email, password });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "EMAIL_NOT_VERIFIED" });
    expect((await browser.get("/api/v1/me")).status).toBe(401);

    const link = verifyLink((await received(mail, p, /Verify your email/)).raw);
    const followed = await browser.request(link!, { redirect: "manual" });
    expect([200, 302]).toContain(followed.status);
    expect(await emailVerified(p.email)).toBe(true);

    const again = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    expect((await again.post("/api/auth/sign-in/email", { email: p.email, password })).status).toBe(200);
    expect((await again.get("/api/v1/me")).status).toBe(200);
  });
});

describe("a workspace mailbox as the mailer", () => {
  let owner: Awaited<ReturnType<typeof signUp>> & { inbox: { email: string; password: string } };
  let sender: { email: string; password: string };
  let mailboxId: string;

  beforeAll(async () => {
    const inbox = await person("owner");
    owner = { ...(await signUp(app.url, { email: inbox.email, name: "Olive Owner" })), inbox };
    sender = await person("sender");
    const server = { host: "127.0.0.1", security: "none", password: sender.password };
    const res = await owner.client.post("/api/v1/mailboxes", {
      email: sender.email,
      fromName: "Olive at Acme",
      smtp: { ...server, port: mail.smtpPort },
      imap: { ...server, port: mail.imapPort },
    });
    expect(res.status).toBe(201);
    mailboxId = ((await res.json()) as { id: string }).id;
  });

  it("the owner chooses a mailbox; invitations then go out through it", async () => {
    expect(await (await owner.client.get("/api/v1/workspace/mailer")).json()).toEqual({
      mailboxId: null,
      mailboxEmail: null,
      systemMailer: true,
      sendsWith: "system",
      notice: null,
    });
    const chosen = await owner.client.put("/api/v1/workspace/mailer", { mailboxId });
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toEqual({
      mailboxId,
      mailboxEmail: sender.email,
      systemMailer: true,
      sendsWith: "mailbox",
      notice: null,
    });

    const invitee = await person("ivan");
    const res = await owner.client.post("/api/auth/organization/invite-member", {
      email: invitee.email,
      role: "member",
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const message = await received(mail, invitee, /invited you to/);
    expect(message.from).toBe(sender.email);
    expect(unfold(message.raw)).toContain("From: Olive at Acme <");
    expect(unfold(message.raw)).toContain(`${app.url}/invite/${id}`);
  });

  it("refuses a member, a mailbox that is not the workspace's, and a malformed body", async () => {
    const member = await signUp(app.url);
    const [userRow] = await getDb().select().from(users).where(eq(users.email, member.email));
    await getDb().insert(members).values({
      id: crypto.randomUUID(),
      organizationId: owner.workspaceId,
      userId: userRow!.id,
      role: "member",
    });
    await member.client.post("/api/auth/organization/set-active", { organizationId: owner.workspaceId });
    const asMember = await member.client.put("/api/v1/workspace/mailer", { mailboxId: null });
    expect(asMember.status).toBe(403);
    // members may see what their workspace sends with
    expect((await member.client.get("/api/v1/workspace/mailer")).status).toBe(200);

    const unknown = await owner.client.put("/api/v1/workspace/mailer", { mailboxId: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    const malformed = await owner.client.put("/api/v1/workspace/mailer", { mailbox: mailboxId });
    expect(malformed.status).toBe(400);
  });

  it("a chosen mailbox in error is passed over, and the page is told why", async () => {
    await getDb()
      .update(mailboxes)
      .set({ status: "error", statusReason: "SMTP login failed" })
      .where(eq(mailboxes.id, mailboxId));
    try {
      const view = await (await owner.client.get("/api/v1/workspace/mailer")).json();
      expect(view).toMatchObject({ mailboxId, sendsWith: "system" });
      expect(view.notice).toBe(
        `the chosen mailbox ${sender.email} is in error (SMTP login failed): the server's mailer sends instead`,
      );
      const invitee = await person("fallback");
      await owner.client.post("/api/auth/organization/invite-member", {
        email: invitee.email,
        role: "member",
      });
      expect((await received(mail, invitee, /invited you to/)).from).toBe(ops.email);
    } finally {
      await getDb()
        .update(mailboxes)
        .set({ status: "active", statusReason: null })
        .where(eq(mailboxes.id, mailboxId));
    }
  });

  it("without SYSTEM_SMTP_URL, a password reset goes through the chosen mailbox of the person's first workspace", async () => {
    delete process.env.SYSTEM_SMTP_URL;
    resetEnvCache();
    try {
      const chosen = await (await owner.client.get("/api/v1/workspace/mailer")).json();
      expect(chosen).toMatchObject({ systemMailer: false, sendsWith: "mailbox" });
      const anon = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
      const asked = await anon.post("/api/auth/request-password-reset", {
        email: owner.inbox.email,
        redirectTo: "/reset-password",
      });
      expect(asked.status).toBe(200);
      const message = await received(mail, owner.inbox, /Reset your Coldframe password/);
      expect(message.from).toBe(sender.email);
      expect(unfold(message.raw)).toMatch(/\/api\/auth\/reset-password\/\S+/);
    } finally {
      process.env.SYSTEM_SMTP_URL = systemSmtpUrl();
      resetEnvCache();
    }
  });
});
