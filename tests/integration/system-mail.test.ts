import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { until } from "../helpers/until";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { nextIp, signUp } from "./helpers/users";

/**
 * The app's own mail through SYSTEM_SMTP_URL, on a real Postfix + Dovecot: a password reset link
 * that arrives, works once and ends the old sessions, and an emailed invitation.
 */
let app: AppServer;
let mail: MailServer;
const ops = { email: `ops.${Date.now()}@coldframe-ops.test`, password: "ops mail pw" };

beforeAll(async () => {
  mail = await startMailServer();
  await mail.addUser(ops.email, ops.password);
  app = await startAppServer({
    SYSTEM_SMTP_URL: `smtp://${encodeURIComponent(ops.email)}:${encodeURIComponent(ops.password)}@127.0.0.1:${mail.smtpPort}/?ignoreTLS=true`,
    SYSTEM_MAIL_FROM: `Coldframe <${ops.email}>`,
  });
  resetEnvCache();
});
afterAll(async () => {
  await app?.close();
  await mail?.stop();
  delete process.env.SYSTEM_SMTP_URL;
  delete process.env.SYSTEM_MAIL_FROM;
  resetEnvCache();
});

/** The text of the newest message in `user`'s INBOX whose subject matches, once it arrives. */
async function received(user: { email: string; password: string }, subject: RegExp): Promise<string> {
  return until(
    `an email "${subject}" for ${user.email}`,
    async () => {
      const client = new ImapFlow({
        host: mail.host,
        port: mail.imapPort,
        secure: false,
        auth: { user: user.email, pass: user.password },
        logger: false,
      });
      await client.connect();
      try {
        const lock = await client.getMailboxLock("INBOX");
        try {
          const found: string[] = [];
          if ((client.mailbox as { exists: number }).exists === 0) return null;
          for await (const m of client.fetch("1:*", { envelope: true, source: true }))
            if (subject.test(m.envelope?.subject ?? "")) found.push(m.source?.toString("utf8") ?? "");
          return found.at(-1) ?? null;
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
}

const unfold = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

describe("the app's own mail", () => {
  it("a password reset link arrives by email, sets a new password once, and signs the old sessions out", async () => {
    const person = { email: `pat.${Date.now()}@client.test`, password: "old password 1" };
    await mail.addUser(person.email, "inbox pw");
    const { client } = await signUp(app.url, { email: person.email, password: person.password });
    expect((await client.get("/api/v1/me")).status).toBe(200);

    const anon = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const asked = await anon.post("/api/auth/request-password-reset", {
      email: person.email,
      redirectTo: "/reset-password",
    });
    expect(asked.status).toBe(200);
    // an unknown address gets the same answer (no probing for accounts)
    expect(
      (
        await anon.post("/api/auth/request-password-reset", {
          email: "nobody@client.test",
          redirectTo: "/reset-password",
        })
      ).status,
    ).toBe(200);

    const raw = unfold(
      await received({ email: person.email, password: "inbox pw" }, /Reset your Coldframe password/),
    );
    expect(raw).toContain(`From: Coldframe <${ops.email}>`);
    const link = raw.match(/(http:\/\/127\.0\.0\.1:\d+\/api\/auth\/reset-password\/[^\s]+)/)?.[1];
    expect(link).toBeDefined();
    // the link leads to the page with its token
    const landed = await anon.request(link!, { redirect: "manual" });
    expect(landed.status).toBe(302);
    const target = new URL(landed.headers.get("location")!, app.url);
    expect(target.pathname).toBe("/reset-password");
    const token = target.searchParams.get("token");
    expect(token).toBeTruthy();

    expect(
      (await anon.post("/api/auth/reset-password", { newPassword: "new password 2", token })).status,
    ).toBe(200);
    // once only
    expect(
      (await anon.post("/api/auth/reset-password", { newPassword: "third password 3", token })).status,
    ).toBe(400);
    // the old session is gone; the old password no longer works, the new one does
    expect((await client.get("/api/v1/me")).status).toBe(401);
    const login = (password: string) =>
      new HttpClient(app.url, { "x-forwarded-for": nextIp() }).post("/api/auth/sign-in/email", {
        email: person.email,
        password,
      });
    expect((await login("old password 1")).status).toBe(401);
    expect((await login("new password 2")).status).toBe(200);
  });

  it("an invitation is emailed with its link", async () => {
    const owner = await signUp(app.url, { name: "Olive Owner" });
    const invitee = { email: `ivan.${Date.now()}@client.test`, password: "inbox pw" };
    await mail.addUser(invitee.email, invitee.password);
    const res = await owner.client.post("/api/auth/organization/invite-member", {
      email: invitee.email,
      role: "member",
    });
    expect(res.status).toBe(200);
    const invitation = (await res.json()) as { id: string };
    const raw = unfold(await received(invitee, /invited you to/));
    expect(raw).toMatch(/Subject: Olive Owner invited you to .+ on Coldframe/);
    expect(raw).toContain(`${app.url}/invite/${invitation.id}`);
  });
});
