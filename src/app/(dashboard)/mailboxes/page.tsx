import type { Metadata } from "next";
import { MailboxesPage } from "@/components/mailboxes/mailboxes-page";
import { configuredOAuthProviders } from "@/lib/mailboxes/oauth/providers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mailboxes" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { connected, oauthError } = await searchParams;
  return <MailboxesPage oauth={configuredOAuthProviders()} connected={connected} oauthError={oauthError} />;
}
