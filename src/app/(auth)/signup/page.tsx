import type { Metadata } from "next";
import { AuthPage, type AuthPageProps } from "@/components/auth/auth-page";
import { SignupForm } from "@/components/auth/signup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create your account" };

export default function SignupPage({ searchParams }: AuthPageProps) {
  return (
    <AuthPage
      searchParams={searchParams}
      title="Create your account"
      subtitle="Start free. Your own workspace is set up for you."
      Form={SignupForm}
    />
  );
}
