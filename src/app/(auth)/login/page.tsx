import type { Metadata } from "next";
import { AuthPage, type AuthPageProps } from "@/components/auth/auth-page";
import { LoginForm } from "@/components/auth/login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Log in" };

export default function LoginPage({ searchParams }: AuthPageProps) {
  return (
    <AuthPage
      searchParams={searchParams}
      title="Log in"
      subtitle="Welcome back. Log in to your workspace."
      Form={LoginForm}
    />
  );
}
