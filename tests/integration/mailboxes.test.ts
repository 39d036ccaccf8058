import { eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { decryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  leads,
  mailboxes,
  sentEmails,
} from "../../src/lib/db/schema";
import { logger } from "../../src/lib/logger";
import { recordAuthFailure, recordAuthSuccess } from "../../src/lib/mailboxes/auth-failures";
import { createMailboxTransport } from "../../src/lib/mailboxes/create-mailbox-transport";
import { getImapClientOptions } from "../../src/lib/mailboxes/get-imap-client-options";
import { getAccessToken } from "../../src/lib/mailboxes/oauth/access-token";
import { OAuthTokenError } from "../../src/lib/mailboxes/oauth/token-endpoint";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { startOAuthMailProvider } from "./helpers/oauth-mail-provider";
import { signUp } from "./helpers/users";

// Mailboxes against real servers: Postfix + Dovecot for SMTP/IMAP logins and sends, and a local
// OAuth2 provider (Google's wire format) whose tokens Dovecot checks for XOAUTH2 logins.
let app: AppServer;
let mail: MailServer;
let oauth: Awaited<ReturnType<typeof startOAuthMailProvider>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let stranger: Awaited<ReturnType<typeof signUp>>;
const logged: string[] = [];

const GOOGLE = { clientId: "coldframe-test.apps.googleusercontent.com", clientSecret: "google-test-secret" };

beforeAll(async () => {
  oauth = await startOAuthMailProvider(GOOGLE);
  mail = await startMailServer({ oauth2IntrospectionUrl: oauth.introspectUrl });
  app = await startAppServer({
    GOOGLE_CLIENT_ID: GOOGLE.clientId,
    GOOGLE_CLIENT_SECRET: GOOGLE.clientSecret,
    GOOGLE_OAUTH_AUTHORIZE_URL: oauth.authorizeUrl,
    GOOGLE_OAUTH_TOKEN_URL: oauth.tokenUrl,
  });
  resetEnvCache();
  owner = await signUp(app.url);
  stranger = await signUp(app.url);
  // every argument of every log call, to prove no password or token is ever handed to the logger
  for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
    const original = logger[level].bind(logger);
    vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => {
      logged.push(
        JSON.stringify(args, (_k, v) =>
          v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
        ),
      );
      return (original as (...a: unknown[]) => void)(...args);
    }) as never);
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
  await mail?.stop();
  await oauth?.close();
});

let n = 0;
async function mailUser(password = `pw-${++n}-${Math.random().toString(36).slice(2, 8)}`) {
  const email = `sender${n}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  await mail.addUser(email, password);
  return { email, password };
}

const server = (port: number, password: string, security = "none") => ({
  host: "127.0.0.1",
  port,
  security,
  password,
});

function mailboxBody(email: string, password: string, extra: Record<string, unknown> = {}) {
  return {
    email,
    fromName: "Sam Sender",
    smtp: server(mail.smtpPort, password),
    imap: server(mail.imapPort, password),
    dailyLimit: 40,
    minGapMinutes: 5,
    maxGapMinutes: 9,
    ...extra,
  };
}

/** What "Test" sends: the address and the two servers (the endpoint refuses other fields). */
function testBody(email: string, password: string, extra: Record<string, unknown> = {}) {
  const { smtp, imap } = mailboxBody(email, password);
  return { email, smtp, imap, ...extra };
}

type MailboxJson = {
  id: string;
  email: string;
  status: string;
  statusReason: string | null;
  authFailures: number;
  hasPassword: boolean;
  sentToday: number;
  todayLimit: number;
  dailyLimit: number;
  rampStartedAt: string | null;
  provider: string;
  oauthConnected: boolean;
};
type TestJson = {
  ok: boolean;
  smtp: { ok: boolean; error: string | null; kind: string | null };
  imap: { ok: boolean; error: string | null; kind: string | null };
};

async function createMailbox(client: HttpClient, body: unknown): Promise<MailboxJson> {
  const res = await client.post("/api/v1/mailboxes", body);
  if (res.status !== 201) throw new Error(`create mailbox: ${res.status} ${await res.text()}`);
  return (await res.json()) as MailboxJson;
}

describe("connecting an SMTP/IMAP mailbox", () => {
  it("stores the password encrypted and never returns it", async () => {
    const { email, password } = await mailUser();
    const res = await owner.client.post("/api/v1/mailboxes", mailboxBody(email.toUpperCase(), password));
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(password);
    const created = JSON.parse(text) as MailboxJson & Record<string, unknown>;
    expect(created).toMatchObject({
      email, // lower-cased
      provider: "smtp",
      hasPassword: true,
      status: "active",
      dailyLimit: 40,
      todayLimit: 40,
      sentToday: 0,
      smtp: { host: "127.0.0.1", port: mail.smtpPort, security: "none", user: email },
    });
    expect(Object.keys(created).some((k) => /password|token/i.test(k) && k !== "hasPassword")).toBe(false);

    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, created.id));
    expect(row!.smtpPasswordEnc).toMatch(/^v1\./);
    expect(row!.smtpPasswordEnc).not.toContain(password);
    expect(decryptSecret(row!.smtpPasswordEnc!)).toBe(password);
    expect(decryptSecret(row!.imapPasswordEnc!)).toBe(password); // defaults to the SMTP one

    for (const path of ["/api/v1/mailboxes", `/api/v1/mailboxes/${created.id}`]) {
      const body = await (await owner.client.get(path)).text();
      expect(body).not.toContain(password);
      expect(body).not.toContain(row!.smtpPasswordEnc!);
    }
  });

  it("refuses a second mailbox with the same address in the workspace (409)", async () => {
    const { email, password } = await mailUser();
    await createMailbox(owner.client, mailboxBody(email, password));
    const again = await owner.client.post("/api/v1/mailboxes", mailboxBody(email, password));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: "conflict", fields: { email: ["this mailbox is already connected"] } },
    });
    // another workspace may connect the same address
    await createMailbox(stranger.client, mailboxBody(email, password));
  });

  it("answers bad input with 400 and a message per field", async () => {
    const res = await owner.client.post("/api/v1/mailboxes", {
      email: "not-an-address",
      smtp: { host: "smtp.example.com", port: 70000, security: "ssl", password: "" },
      imap: { host: "", port: 0, security: "tls" },
      dailyLimit: 0,
      minGapMinutes: 30,
      maxGapMinutes: 10,
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(error.code).toBe("validation");
    expect(error.fields).toMatchObject({
      email: [expect.stringMatching(/valid email/)],
      "smtp.port": [expect.stringMatching(/1 to 65535/)],
      "smtp.security": [expect.stringMatching(/starttls/)],
      "smtp.password": [expect.stringMatching(/password/)],
      "imap.host": [expect.any(String)],
      "imap.port": [expect.stringMatching(/1 to 65535/)],
      dailyLimit: [expect.stringMatching(/at least 1/)],
    });
    // the gap order is checked once the fields themselves are valid, also against stored values
    const gaps = await owner.client.post("/api/v1/mailboxes", {
      ...mailboxBody("gaps@example.test", "x"),
      minGapMinutes: 30,
      maxGapMinutes: 10,
    });
    expect(gaps.status).toBe(400);
    expect(((await gaps.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({
      minGapMinutes: ["the minimum gap must not exceed the maximum gap"],
    });
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const patch = await owner.client.request(`/api/v1/mailboxes/${m.id}`, {
      method: "PATCH",
      json: { minGapMinutes: 20 },
    });
    expect(patch.status).toBe(400);
    expect(await patch.text()).toMatch(/minimum gap \(20 min\) must not exceed the maximum gap \(9 min\)/);
  });

  it("edits limits, ramp-up, signature and password; a blank password keeps the stored one", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const res = await owner.client.request(`/api/v1/mailboxes/${m.id}`, {
      method: "PATCH",
      json: {
        dailyLimit: 50,
        rampEnabled: true,
        rampStart: 5,
        rampIncrement: 3,
        signatureHtml: "<p>Sam</p>",
        smtp: { password: "" },
      },
    });
    expect(res.status).toBe(200);
    const edited = (await res.json()) as MailboxJson & { signatureHtml: string };
    expect(edited).toMatchObject({ dailyLimit: 50, todayLimit: 5, signatureHtml: "<p>Sam</p>" });
    expect(edited.rampStartedAt).not.toBeNull();
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, m.id));
    expect(decryptSecret(row!.smtpPasswordEnc!)).toBe(password);
  });

  it("counts today's sends from sent_emails against today's limit", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    await seedSentEmails(owner.workspaceId, m.id, [
      new Date(),
      new Date(),
      new Date(Date.now() - 2 * 86_400_000),
    ]);
    const list = (await (await owner.client.get("/api/v1/mailboxes")).json()) as { data: MailboxJson[] };
    expect(list.data.find((x) => x.id === m.id)).toMatchObject({ sentToday: 2, todayLimit: 40 });
  });

  it("pauses and resumes", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const paused = await owner.client.post(`/api/v1/mailboxes/${m.id}/pause`);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ status: "paused", statusReason: "paused by a user" });
    const resumed = await owner.client.post(`/api/v1/mailboxes/${m.id}/resume`);
    expect(await resumed.json()).toMatchObject({ status: "active", statusReason: null });
  });

  it("hides another workspace's mailbox: 404 for every verb", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const base = `/api/v1/mailboxes/${m.id}`;
    const answers = await Promise.all([
      stranger.client.get(base),
      stranger.client.request(base, { method: "PATCH", json: { dailyLimit: 1 } }),
      stranger.client.post(`${base}/test`),
      stranger.client.post(`${base}/pause`),
      stranger.client.post(`${base}/resume`),
      stranger.client.post("/api/v1/mailboxes/test", { ...testBody(email, ""), mailboxId: m.id }),
      stranger.client.request(base, { method: "DELETE" }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const list = (await (await stranger.client.get("/api/v1/mailboxes")).json()) as { data: MailboxJson[] };
    expect(list.data.map((x) => x.id)).not.toContain(m.id);
    expect((await owner.client.get(base)).status).toBe(200);
  });

  it("deletes a mailbox", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    expect((await owner.client.request(`/api/v1/mailboxes/${m.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await owner.client.get(`/api/v1/mailboxes/${m.id}`)).status).toBe(404);
  });
});

describe("testing the connection (real logins to Postfix and Dovecot)", () => {
  it("logs in to SMTP and IMAP with a real user, before saving and after", async () => {
    const { email, password } = await mailUser();
    const unsaved = await owner.client.post("/api/v1/mailboxes/test", testBody(email, password));
    expect(unsaved.status).toBe(200);
    expect(await unsaved.json()).toEqual({
      ok: true,
      smtp: { ok: true, error: null, kind: null },
      imap: { ok: true, error: null, kind: null },
    });
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const saved = await owner.client.post(`/api/v1/mailboxes/${m.id}/test`);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      result: { ok: true },
      mailbox: { status: "active", authFailures: 0 },
    });
    // editing: a blank password in the form means the stored one
    const editing = await owner.client.post("/api/v1/mailboxes/test", {
      ...testBody(email, ""),
      mailboxId: m.id,
    });
    expect(((await editing.json()) as TestJson).ok).toBe(true);
  });

  it("says 'authentication failed' for a wrong password, for each protocol", async () => {
    const { email } = await mailUser();
    const res = await owner.client.post("/api/v1/mailboxes/test", testBody(email, "wrong password"));
    const result = (await res.json()) as TestJson;
    expect(result.ok).toBe(false);
    expect(result.smtp).toMatchObject({
      ok: false,
      kind: "auth",
      error: expect.stringMatching(/^authentication failed/),
    });
    expect(result.imap).toMatchObject({
      ok: false,
      kind: "auth",
      error: expect.stringMatching(/^authentication failed/),
    });
  });

  it("says 'connection refused at host:port' for a closed port", async () => {
    const { email, password } = await mailUser();
    const closed = await closedPort();
    const res = await owner.client.post("/api/v1/mailboxes/test", {
      ...testBody(email, password),
      smtp: server(closed, password),
    });
    const result = (await res.json()) as TestJson;
    expect(result.smtp).toEqual({
      ok: false,
      kind: "connection",
      error: `connection refused at 127.0.0.1:${closed}`,
    });
    expect(result.imap.ok).toBe(true);
  });

  it("explains a TLS mode that does not match the port", async () => {
    const { email, password } = await mailUser();
    const res = await owner.client.post("/api/v1/mailboxes/test", {
      ...testBody(email, password),
      smtp: server(mail.smtpPort, password, "tls"),
      imap: server(mail.imapPort, password, "starttls"),
    });
    const result = (await res.json()) as TestJson;
    expect(result.smtp).toEqual({
      ok: false,
      kind: "tls",
      error: "TLS handshake failed — try STARTTLS on port 587",
    });
    expect(result.imap).toEqual({
      ok: false,
      kind: "tls",
      error: "the server does not offer STARTTLS — try TLS on port 993",
    });
  });

  it("stops a mailbox after three failed logins in a row, with the reason; a good login brings it back", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, "an old password"));
    for (const expected of [1, 2]) {
      const tested = (await (await owner.client.post(`/api/v1/mailboxes/${m.id}/test`)).json()) as {
        mailbox: MailboxJson;
      };
      expect(tested.mailbox).toMatchObject({ status: "active", authFailures: expected });
    }
    const third = (await (await owner.client.post(`/api/v1/mailboxes/${m.id}/test`)).json()) as {
      mailbox: MailboxJson;
    };
    expect(third.mailbox.status).toBe("error");
    expect(third.mailbox.statusReason).toBe(
      "SMTP and IMAP logins refused: authentication failed — 3 failed logins in a row, sending stopped until fixed",
    );

    // the user fixes the password: the next good test sends again
    await owner.client.request(`/api/v1/mailboxes/${m.id}`, {
      method: "PATCH",
      json: { smtp: { password }, imap: { password } },
    });
    const fixed = (await (await owner.client.post(`/api/v1/mailboxes/${m.id}/test`)).json()) as {
      mailbox: MailboxJson;
    };
    expect(fixed.mailbox).toMatchObject({ status: "active", statusReason: null, authFailures: 0 });
  });

  it("recordAuthFailure: the third consecutive failure sets 'error' with the reason; success resets", async () => {
    const { email, password } = await mailUser();
    const m = await createMailbox(owner.client, mailboxBody(email, password));
    const db = getDb();
    expect(await recordAuthFailure(db, m.id, "SMTP 535 authentication failed")).toEqual({
      failures: 1,
      status: "active",
    });
    await recordAuthSuccess(db, m.id);
    expect(await recordAuthFailure(db, m.id, "SMTP 535 authentication failed")).toEqual({
      failures: 1,
      status: "active",
    });
    expect(await recordAuthFailure(db, m.id, "SMTP 535 authentication failed")).toEqual({
      failures: 2,
      status: "active",
    });
    // concurrent failures are each counted once
    const results = await Promise.all(
      [1, 2].map(() => recordAuthFailure(db, m.id, "SMTP 535 authentication failed")),
    );
    expect(results.map((r) => r.failures).sort()).toEqual([3, 4]);
    const shown = (await (await owner.client.get(`/api/v1/mailboxes/${m.id}`)).json()) as MailboxJson;
    expect(shown.status).toBe("error");
    expect(shown.statusReason).toBe(
      "SMTP 535 authentication failed — 3 failed logins in a row, sending stopped until fixed",
    );
    await recordAuthSuccess(db, m.id);
    expect((await (await owner.client.get(`/api/v1/mailboxes/${m.id}`)).json()) as MailboxJson).toMatchObject(
      {
        status: "active",
        statusReason: null,
        authFailures: 0,
      },
    );
  });
});

describe("sending and reading as the mailbox", () => {
  it("createMailboxTransport sends through Postfix; getImapClientOptions reads the recipient's INBOX", async () => {
    const sender = await mailUser();
    const recipient = await mailUser();
    const created = await createMailbox(owner.client, mailboxBody(sender.email, sender.password));
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, created.id));
    const transport = await createMailboxTransport(row!);
    const subject = `transport check ${Date.now()}`;
    await transport.sendMail({ from: sender.email, to: recipient.email, subject, text: "hello" });
    transport.close();

    const recipientBox = await createMailbox(owner.client, mailboxBody(recipient.email, recipient.password));
    const [recipientRow] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, recipientBox.id));
    expect(await waitForSubject(await getImapClientOptions(recipientRow!), subject)).toBe(true);
  });
});

describe("Google mailboxes (OAuth2 + XOAUTH2 against a local token endpoint)", () => {
  async function connectGoogle(email: string) {
    oauth.willGrant(email);
    const start = await owner.client.get("/api/mailboxes/oauth/google/start");
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.origin + authorize.pathname).toBe(oauth.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: GOOGLE.clientId,
      response_type: "code",
      redirect_uri: `${app.url}/api/mailboxes/oauth/google/callback`,
      scope: "openid email https://mail.google.com/",
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
    });
    // the provider's consent screen sends the browser back to the callback
    const { res, url } = await owner.client.follow(authorize.toString());
    expect(new URL(url).pathname).toBe("/mailboxes");
    expect(new URL(url).searchParams.get("connected")).toBe(email);
    expect(res.status).toBe(404); // the page itself is not served by the API test server
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.email, email));
    return row!;
  }

  it("connects by consent, stores the tokens encrypted, and logs in with XOAUTH2", async () => {
    const { email } = await mailUser();
    const row = await connectGoogle(email);
    expect(row).toMatchObject({
      provider: "google",
      workspaceId: owner.workspaceId,
      status: "active",
      smtpHost: "smtp.gmail.com",
      imapHost: "imap.gmail.com",
      smtpPasswordEnc: null,
    });
    const access = decryptSecret(row.oauthAccessTokenEnc!);
    expect(oauth.isLiveAccessToken(access)).toBe(true);
    expect(row.oauthAccessTokenEnc).not.toContain(access);
    expect(decryptSecret(row.oauthRefreshTokenEnc!)).toMatch(/^rt-/);
    const shown = (await (await owner.client.get(`/api/v1/mailboxes/${row.id}`)).json()) as MailboxJson;
    expect(shown).toMatchObject({
      provider: "google",
      oauthConnected: true,
      hasPassword: false,
      // Gmail files its own copy of what is sent: none appended
      sentCopy: "auto",
      sentCopyActive: false,
    });
    expect(JSON.stringify(shown)).not.toContain(access);

    // point it at the local servers (Dovecot checks the token with the provider) and test for real
    await pointAtLocalServers(row.id);
    const tested = (await (await owner.client.post(`/api/v1/mailboxes/${row.id}/test`)).json()) as {
      result: TestJson;
    };
    expect(tested.result).toMatchObject({ ok: true, smtp: { ok: true }, imap: { ok: true } });
  });

  it("refreshes an expired access token, stores the new one, and sends with it", async () => {
    const { email } = await mailUser();
    const recipient = await mailUser();
    const connected = await connectGoogle(email);
    await pointAtLocalServers(connected.id);
    await getDb()
      .update(mailboxes)
      .set({ oauthExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(mailboxes.id, connected.id));
    const [expired] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, connected.id));
    const refreshesBefore = oauth.requests.filter((r) => r.params.grant_type === "refresh_token").length;

    const transport = await createMailboxTransport(expired!);
    const subject = `xoauth2 ${Date.now()}`;
    await transport.sendMail({
      from: email,
      to: recipient.email,
      subject,
      text: "sent with a refreshed token",
    });
    transport.close();

    const refreshes = oauth.requests.filter((r) => r.params.grant_type === "refresh_token");
    expect(refreshes.length).toBe(refreshesBefore + 1);
    expect(refreshes.at(-1)!.params).toMatchObject({
      client_id: GOOGLE.clientId,
      client_secret: GOOGLE.clientSecret,
      refresh_token: decryptSecret(connected.oauthRefreshTokenEnc!),
    });
    const [refreshed] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, connected.id));
    expect(refreshed!.oauthExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const token = decryptSecret(refreshed!.oauthAccessTokenEnc!);
    expect(oauth.isLiveAccessToken(token)).toBe(true);
    // still fresh: no second refresh
    expect(await getAccessToken(getDb(), refreshed!)).toBe(token);
    expect(oauth.requests.filter((r) => r.params.grant_type === "refresh_token").length).toBe(
      refreshesBefore + 1,
    );

    const [recipientRow] = await getDb()
      .select()
      .from(mailboxes)
      .where(
        eq(
          mailboxes.id,
          (await createMailbox(owner.client, mailboxBody(recipient.email, recipient.password))).id,
        ),
      );
    expect(await waitForSubject(await getImapClientOptions(recipientRow!), subject)).toBe(true);
  });

  it("a test of a mailbox with an expired token refreshes it once for both logins", async () => {
    const { email } = await mailUser();
    const connected = await connectGoogle(email);
    await pointAtLocalServers(connected.id);
    await getDb()
      .update(mailboxes)
      .set({ oauthExpiresAt: new Date(0) })
      .where(eq(mailboxes.id, connected.id));
    const refreshes = () => oauth.requests.filter((r) => r.params.grant_type === "refresh_token").length;
    const before = refreshes();
    const tested = (await (await owner.client.post(`/api/v1/mailboxes/${connected.id}/test`)).json()) as {
      result: TestJson;
    };
    expect(tested.result.ok).toBe(true);
    expect(refreshes()).toBe(before + 1);
  });

  it("stores a rotated refresh token", async () => {
    const { email } = await mailUser();
    const connected = await connectGoogle(email);
    oauth.setRotateRefreshTokens(true);
    try {
      await getAccessToken(getDb(), { ...connected, oauthExpiresAt: new Date(0) });
    } finally {
      oauth.setRotateRefreshTokens(false);
    }
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, connected.id));
    expect(decryptSecret(row!.oauthRefreshTokenEnc!)).not.toBe(
      decryptSecret(connected.oauthRefreshTokenEnc!),
    );
  });

  it("stops the mailbox with 'Google access was revoked — reconnect the mailbox' on invalid_grant; reconnecting repairs it", async () => {
    const { email } = await mailUser();
    const connected = await connectGoogle(email);
    oauth.revokeAll();
    const error = await getAccessToken(getDb(), { ...connected, oauthExpiresAt: new Date(0) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect(error).toMatchObject({ oauthError: "invalid_grant", revoked: true });
    const shown = (await (await owner.client.get(`/api/v1/mailboxes/${connected.id}`)).json()) as MailboxJson;
    expect(shown).toMatchObject({
      status: "error",
      statusReason: "Google access was revoked — reconnect the mailbox",
    });

    // a test says the same and does not pile up failures on top
    const tested = (await (await owner.client.post(`/api/v1/mailboxes/${connected.id}/test`)).json()) as {
      result: TestJson;
      mailbox: MailboxJson;
    };
    expect(tested.result.smtp).toMatchObject({
      ok: false,
      kind: "auth",
      error: expect.stringMatching(/reconnect/),
    });
    expect(tested.mailbox.statusReason).toBe("Google access was revoked — reconnect the mailbox");

    const again = await connectGoogle(email);
    expect(again.id).toBe(connected.id);
    expect(again).toMatchObject({ status: "active", statusReason: null, authFailures: 0 });
  });

  it("refuses a callback without this browser's state, and a denied consent, back on the page", async () => {
    const forged = await owner.client.get("/api/mailboxes/oauth/google/callback?code=abc&state=forged");
    expect(forged.status).toBe(303);
    expect(new URL(forged.headers.get("location")!).searchParams.get("oauthError")).toMatch(/start again/);
    const denied = await owner.client.get(
      "/api/mailboxes/oauth/google/callback?error=access_denied&error_description=The+user+denied+access",
    );
    expect(new URL(denied.headers.get("location")!).searchParams.get("oauthError")).toBe(
      "Google did not grant access: The user denied access",
    );
    const unknown = await owner.client.get("/api/mailboxes/oauth/yahoo/start");
    expect(new URL(unknown.headers.get("location")!).searchParams.get("oauthError")).toMatch(
      /unknown mailbox provider/,
    );
  });

  it("refuses a bad client secret at the token endpoint with the provider's error", async () => {
    const { email } = await mailUser();
    const connected = await connectGoogle(email);
    process.env.GOOGLE_CLIENT_SECRET = "not-the-secret";
    resetEnvCache();
    try {
      const error = await getAccessToken(getDb(), { ...connected, oauthExpiresAt: new Date(0) }).catch(
        (e) => e,
      );
      expect(error).toMatchObject({ oauthError: "invalid_client", httpStatus: 401, revoked: false });
      const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, connected.id));
      expect(row!.status).toBe("active"); // a configuration problem, not the mailbox's
    } finally {
      process.env.GOOGLE_CLIENT_SECRET = GOOGLE.clientSecret;
      resetEnvCache();
    }
  });
});

describe("OpenAPI", () => {
  it("documents the mailbox endpoints; the response schema has no password or token", async () => {
    const doc = (await (await owner.client.get("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths["/api/v1/mailboxes/{id}"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    for (const p of ["/api/v1/mailboxes", "/api/v1/mailboxes/test", "/api/v1/mailboxes/{id}/test"])
      expect(doc.paths[p], p).toBeDefined();
    const props = Object.keys(doc.components.schemas.Mailbox?.properties ?? {});
    expect(props).toEqual(
      expect.arrayContaining(["hasPassword", "status", "statusReason", "sentToday", "todayLimit"]),
    );
    expect(props.filter((k) => /password|token/i.test(k))).toEqual(["hasPassword"]);
  });
});

describe("secrets in logs", () => {
  it("never hands a password or token to the logger", async () => {
    expect(logged.length).toBeGreaterThan(0);
    const rows = await getDb().select().from(mailboxes);
    const secrets = rows.flatMap((r) =>
      [r.smtpPasswordEnc, r.imapPasswordEnc, r.oauthAccessTokenEnc, r.oauthRefreshTokenEnc]
        .filter((v): v is string => Boolean(v))
        .flatMap((enc) => [enc, decryptSecret(enc)]),
    );
    expect(secrets.length).toBeGreaterThan(10);
    const all = logged.join("\n");
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});

async function pointAtLocalServers(id: string) {
  await getDb()
    .update(mailboxes)
    .set({
      smtpHost: "127.0.0.1",
      smtpPort: mail.smtpPort,
      smtpSecurity: "none",
      imapHost: "127.0.0.1",
      imapPort: mail.imapPort,
      imapSecurity: "none",
    })
    .where(eq(mailboxes.id, id));
}

async function waitForSubject(options: ConstructorParameters<typeof ImapFlow>[0], subject: string) {
  const client = new ImapFlow(options);
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const found = await client.search({ subject });
        if (found && found.length > 0) return true;
      } finally {
        lock.release();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    await client.logout();
  }
}

async function closedPort() {
  const net = await import("node:net");
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function seedSentEmails(workspaceId: string, mailboxId: string, sentAt: Date[]) {
  const db = getDb();
  const campaignId = crypto.randomUUID();
  const stepId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId, name: "count check" });
  await db.insert(campaignSteps).values({ id: stepId, workspaceId, campaignId, position: 1 });
  for (const [i, at] of sentAt.entries()) {
    const leadId = crypto.randomUUID();
    const clId = crypto.randomUUID();
    await db.insert(leads).values({ id: leadId, workspaceId, email: `lead${i}-${leadId}@acme.test` });
    await db.insert(campaignLeads).values({ id: clId, workspaceId, campaignId, leadId });
    await db.insert(sentEmails).values({
      id: crypto.randomUUID(),
      workspaceId,
      campaignId,
      campaignLeadId: clId,
      leadId,
      stepId,
      mailboxId,
      status: "sent",
      messageId: `<${crypto.randomUUID()}@example.test>`,
      fromEmail: "x@example.test",
      toEmail: `lead${i}@acme.test`,
      sentAt: at,
    });
  }
}
