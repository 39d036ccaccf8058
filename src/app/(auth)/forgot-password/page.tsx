import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { systemMailConfigured } from "@/lib/net/system-mailer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?" subtitle="We email you a link to choose a new one.">
      <ForgotPasswordForm mailer={systemMailConfigured()} />
    </AuthCard>
  );
}
