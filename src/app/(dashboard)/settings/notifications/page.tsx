import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { NotificationsSettings } from "@/components/settings/notifications/notifications-settings";
import { resolveUserMailer } from "@/lib/app-mail/resolve-mailer";
import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsSettingsPage() {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) redirect("/login");
  const { mailer } = await resolveUserMailer(getDb(), session.user.id);
  return (
    <NotificationsSettings
      account={{
        email: session.user.email,
        verified: session.user.emailVerified,
        canVerify: mailer.kind !== "none",
      }}
    />
  );
}
