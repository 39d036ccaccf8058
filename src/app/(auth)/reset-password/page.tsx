import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token, error } = await searchParams;
  return (
    <AuthCard title="Choose a new password" subtitle="Then log in with it.">
      <ResetPasswordForm
        token={typeof token === "string" ? token : null}
        invalid={error === "INVALID_TOKEN"}
      />
    </AuthCard>
  );
}
