import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { safeNext } from "@/components/auth/safe-next";
import { enabledProviders, getAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Log in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (session) redirect(next);
  return (
    <AuthCard title="Log in" subtitle="Welcome back. Log in to your workspace.">
      <LoginForm providers={enabledProviders()} next={next} />
    </AuthCard>
  );
}
