import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { anyWorkspaceMailer } from "@/lib/app-mail/any-workspace-mailer";
import { getDb } from "@/lib/db/client";
import { systemMailConfigured } from "@/lib/net/system-mailer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  // without the server's mailer, a workspace's chosen mailbox may still carry its members' links
  const mailer = systemMailConfigured() || (await anyWorkspaceMailer(getDb()));
  return (
    <AuthCard title="Forgot your password?" subtitle="We email you a link to choose a new one.">
      <ForgotPasswordForm mailer={mailer} />
    </AuthCard>
  );
}
