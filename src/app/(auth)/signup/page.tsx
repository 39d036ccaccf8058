import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { safeNext } from "@/components/auth/safe-next";
import { SignupForm } from "@/components/auth/signup-form";
import { enabledProviders, getAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create your account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignupPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (session) redirect(next);
  return (
    <AuthCard title="Create your account" subtitle="Start free. Your own workspace is set up for you.">
      <SignupForm providers={enabledProviders()} next={next} />
    </AuthCard>
  );
}
