import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth, organization } from "better-auth/plugins";
import { revokeDepartedKeys } from "@/lib/api-keys/revoke-departed-keys";
import type { Db } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { authMail, trySend } from "./auth-mail";
import { boundedPassword, DEFAULT_PASSWORD_HASHING } from "./bounded-password";
import { createPersonalWorkspace, firstWorkspaceOf } from "./personal-workspace";

export type OidcConfig = { issuer: string; clientId: string; clientSecret: string; name?: string };
export type OAuthApp = { clientId: string; clientSecret: string; tenantId?: string };

export type AuthConfig = {
  db: Db;
  baseURL: string;
  /** other origins whose pages may post to the auth endpoints (the loopback names of a local app) */
  trustedOrigins?: string[];
  secret: string;
  loginRateLimit: { max: number; windowSeconds: number };
  /** password hashes computed at once, and waiting (default 2 and 32) */
  passwordHashing?: { concurrency: number; queue: number };
  google?: OAuthApp;
  microsoft?: OAuthApp;
  oidc?: OidcConfig;
  /** sign-in waits until the address is verified (REQUIRE_EMAIL_VERIFICATION) */
  requireEmailVerification?: boolean;
};

export const OIDC_PROVIDER_ID = "oidc";

/**
 * Better Auth, configured for Coldframe: email + password, Google / Microsoft / a generic OpenID
 * Connect provider, sessions in PostgreSQL behind httpOnly cookies, workspaces as organizations.
 * Every new user gets a workspace of their own, and every new session starts in one of theirs.
 */
export function createAuth(config: AuthConfig) {
  return betterAuth({
    appName: "Coldframe",
    baseURL: config.baseURL,
    trustedOrigins: config.trustedOrigins ?? [],
    secret: config.secret,
    database: drizzleAdapter(config.db, {
      provider: "pg",
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.accounts,
        verification: schema.verifications,
        rateLimit: schema.rateLimits,
        organization: schema.workspaces,
        member: schema.members,
        invitation: schema.invitations,
      },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      password: boundedPassword(config.passwordHashing ?? DEFAULT_PASSWORD_HASHING),
      resetPasswordTokenExpiresIn: 3600,
      requireEmailVerification: config.requireEmailVerification ?? false,
      // the link goes by email when there is a mailer for the person (SYSTEM_SMTP_URL, else their
      // first workspace's chosen mailbox); without one the forgot-password page says so
      sendResetPassword: async ({ user, url }) => {
        await trySend(
          () =>
            authMail().toUser(user.id, {
              to: user.email,
              subject: "Reset your Coldframe password",
              text: `Someone (hopefully you) asked to reset the password of your Coldframe account ${user.email}.\n\nChoose a new password here (the link works for an hour, once):\n${url}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
            }),
          { userId: user.id },
          "password reset",
        );
      },
      revokeSessionsOnPasswordReset: true,
    },
    // Verification is asked of every new account when a mailer exists; it is required to sign in
    // only with REQUIRE_EMAIL_VERIFICATION, so an install without a mailer keeps working (the app
    // then shows no banner: a link that cannot arrive is not asked for).
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: config.requireEmailVerification ?? false,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 3600,
      sendVerificationEmail: async ({ user, url }) => {
        await trySend(
          () =>
            authMail().toUser(user.id, {
              to: user.email,
              subject: "Verify your email for Coldframe",
              text: `Confirm that ${user.email} is your address for Coldframe:\n${url}\n\nThe link works for 24 hours. If you did not sign up, ignore this email.\n`,
            }),
          { userId: user.id },
          "email verification",
        );
      },
    },
    // Invitations are found only through their link (/invite/[id]): emails are not verified, so
    // listing "my invitations" by the signed-in address would hand them to whoever signs up with it.
    disabledPaths: ["/organization/list-user-invitations"],
    socialProviders: {
      ...(config.google
        ? { google: { clientId: config.google.clientId, clientSecret: config.google.clientSecret } }
        : {}),
      ...(config.microsoft
        ? {
            microsoft: {
              clientId: config.microsoft.clientId,
              clientSecret: config.microsoft.clientSecret,
              tenantId: config.microsoft.tenantId ?? "common",
            },
          }
        : {}),
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: config.loginRateLimit.windowSeconds, max: config.loginRateLimit.max },
        "/sign-up/email": { window: 60, max: 10 },
      },
    },
    advanced: {
      // the library skips its origin check when NODE_ENV is "test"; tests check what production does
      disableOriginCheck: false,
      // Our web server (scripts/web-server.ts) overwrites X-Forwarded-For with the one address the
      // socket and TRUSTED_PROXIES vouch for; no other client-supplied header is believed.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        // A member who leaves takes their API keys with them (removal is handled in organizationHooks).
        if (ctx.path !== "/organization/leave" || isAPIError(ctx.context.returned)) return;
        const workspaceId = (ctx.body as { organizationId?: string } | undefined)?.organizationId;
        if (workspaceId) await revokeDepartedKeys(config.db, workspaceId);
      }),
    },
    logger: {
      log: (level, message, ...args) => {
        const fn = level === "error" ? logger.error : level === "warn" ? logger.warn : logger.debug;
        fn.call(logger, { args: args.length ? args : undefined, component: "auth" }, message);
      },
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await createPersonalWorkspace(config.db, {
              userId: user.id,
              userName: user.name,
              email: user.email,
            });
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const workspaceId = await firstWorkspaceOf(config.db, session.userId);
            return { data: { ...session, activeOrganizationId: workspaceId ?? null } };
          },
        },
      },
    },
    plugins: [
      organization({
        creatorRole: "owner",
        invitationExpiresIn: 7 * 24 * 3600,
        cancelPendingInvitationsOnReInvite: true,
        organizationHooks: {
          // The removed member's API keys are revoked with them; they already stop working, because
          // a key acts with its creator's current membership (src/lib/workspaces/caller.ts).
          afterRemoveMember: async ({ member }) => {
            await revokeDepartedKeys(config.db, member.organizationId);
          },
        },
        // Emailed through the workspace's mailer (its chosen mailbox, else SYSTEM_SMTP_URL) when
        // there is one; the inviter is also shown the link. A refusal leaves the invitation
        // standing: its link is shown to the inviter to send another way.
        sendInvitationEmail: async ({ id, email, organization: ws, inviter }) => {
          const link = `${config.baseURL.replace(/\/$/, "")}/invite/${id}`;
          const sent = await trySend(
            () =>
              authMail().forWorkspace(ws.id, {
                to: email,
                subject: `${inviter.user.name || inviter.user.email} invited you to ${ws.name} on Coldframe`,
                text: `${inviter.user.name || inviter.user.email} (${inviter.user.email}) invited you to join the workspace "${ws.name}" on Coldframe.\n\nAccept here: ${link}\n\nLog in or sign up with this address (${email}); the invitation works for 7 days.\n`,
              }),
            { invitationId: id },
            "invitation email",
          );
          logger.info({ invitationId: id, email, workspaceId: ws.id, emailed: sent }, "invitation created");
        },
      }),
      ...(config.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: config.oidc.name ?? "Single sign-on",
                  discoveryUrl: `${config.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
                  clientId: config.oidc.clientId,
                  clientSecret: config.oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
