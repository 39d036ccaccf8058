import { env } from "@/lib/config/env";

/** The app's address without a trailing slash, for links in emails. */
export const appUrl = () => env().APP_URL.replace(/\/$/, "");

/** The last lines of every notification: why it came and where to stop it. */
export function notificationFooter(workspaceName: string, what: string): string {
  return `\n--\nYou get this because you turned on "${what}" emails in the workspace ${workspaceName}.\nChange them: ${appUrl()}/settings/notifications\n`;
}
