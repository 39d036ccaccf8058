import { eq } from "drizzle-orm";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, mailboxes } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { reportMailboxStopped } from "../report-mailbox-stopped";
import { oauthProvider } from "./providers";
import { OAuthTokenError, requestTokens } from "./token-endpoint";

/** Refresh this long before the stored expiry, so a token never dies mid-conversation. */
const EARLY_MS = 2 * 60_000;
const DEFAULT_LIFETIME_S = 3600;

/**
 * A usable access token for a Google or Microsoft mailbox: the stored one while it has more than
 * two minutes left, otherwise a new one from the refresh token, stored encrypted (with the new
 * refresh token when the provider rotates it, as Microsoft does).
 *
 * A revoked grant (`invalid_grant`) stops the mailbox at once with status "error" and a reason
 * that says to reconnect; retrying cannot help. Other failures (network, 5xx) throw
 * OAuthTokenError without touching the mailbox, for the caller to retry.
 */
export async function getAccessToken(
  db: DbOrTx,
  mailbox: Mailbox,
  opts: { now?: Date; fetch?: typeof fetch } = {},
): Promise<string> {
  const now = opts.now ?? new Date();
  if (mailbox.provider === "smtp")
    throw new Error(`mailbox ${mailbox.id} logs in with a password, not OAuth`);
  if (
    mailbox.oauthAccessTokenEnc &&
    mailbox.oauthExpiresAt &&
    mailbox.oauthExpiresAt.getTime() - EARLY_MS > now.getTime()
  ) {
    return decryptSecret(mailbox.oauthAccessTokenEnc);
  }
  const provider = oauthProvider(mailbox.provider);
  if (!mailbox.oauthRefreshTokenEnc) {
    await stop(
      db,
      mailbox.id,
      `${provider.label} access was never granted for offline use — reconnect the mailbox`,
    );
    throw new OAuthTokenError(provider.name, "invalid_grant", "no refresh token stored", null);
  }
  try {
    const tokens = await requestTokens(
      provider,
      {
        grant_type: "refresh_token",
        refresh_token: decryptSecret(mailbox.oauthRefreshTokenEnc),
        // Microsoft issues a token for the scopes asked for on refresh; Google ignores this
        ...(provider.name === "microsoft" ? { scope: provider.scopes.join(" ") } : {}),
      },
      opts.fetch,
    );
    const expiresAt = new Date(now.getTime() + (tokens.expires_in ?? DEFAULT_LIFETIME_S) * 1000);
    await db
      .update(mailboxes)
      .set({
        oauthAccessTokenEnc: encryptSecret(tokens.access_token),
        oauthExpiresAt: expiresAt,
        ...(tokens.refresh_token ? { oauthRefreshTokenEnc: encryptSecret(tokens.refresh_token) } : {}),
        updatedAt: now,
      })
      .where(eq(mailboxes.id, mailbox.id));
    return tokens.access_token;
  } catch (err) {
    if (err instanceof OAuthTokenError && err.revoked) {
      await stop(db, mailbox.id, `${provider.label} access was revoked — reconnect the mailbox`);
    }
    logger.warn({ mailboxId: mailbox.id, err: (err as Error).message }, "OAuth token refresh failed");
    throw err;
  }
}

async function stop(db: DbOrTx, id: string, reason: string) {
  const [before] = await db.select({ status: mailboxes.status }).from(mailboxes).where(eq(mailboxes.id, id));
  const [row] = await db
    .update(mailboxes)
    .set({
      status: "error",
      statusReason: reason,
      oauthAccessTokenEnc: null,
      oauthExpiresAt: null,
      updatedAt: new Date(),
    })
    .where(eq(mailboxes.id, id))
    .returning({ workspaceId: mailboxes.workspaceId, email: mailboxes.email });
  if (row && before?.status !== "error")
    await reportMailboxStopped(db, { ...row, mailboxId: id, status: "error", reason });
}
