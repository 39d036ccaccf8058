import { z } from "zod";

export const NotificationPreferencesSchema = z
  .object({
    campaignPaused: z.boolean().describe("a campaign was paused: automatically, or by hand by someone else"),
    mailboxError: z
      .boolean()
      .describe("a mailbox stopped sending: its login or token failed, or a receiver refused it"),
    domainHealth: z.boolean().describe("a domain's health check result got worse or better"),
    dailyDigest: z
      .boolean()
      .describe(
        "yesterday's sent, replies, interested, bounces and complaints (UTC), each morning at 07:00 UTC; none on a day with nothing",
      ),
  })
  .meta({ id: "NotificationPreferences" });
export type NotificationPreferencesView = z.infer<typeof NotificationPreferencesSchema>;

/** Every switch is given (PUT replaces the whole set). */
export const SaveNotificationPreferences = NotificationPreferencesSchema.strict().meta({
  id: "SaveNotificationPreferences",
});
