import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ComponentType } from "react";
import { enabledProviders, getAuth } from "@/lib/auth";
import { AuthCard } from "./auth-card";
import type { Providers } from "./providers";
import { safeNext } from "./safe-next";

export type AuthPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

type Props = AuthPageProps & {
  title: string;
  subtitle: string;
  Form: ComponentType<{ providers: Providers; next: string }>;
};

/**
 * A page for signed-out visitors (log in, sign up): one already signed in goes straight on to
 * `?next=` (a path on this site only); the others get the form in the auth card.
 */
export async function AuthPage({ searchParams, title, subtitle, Form }: Props) {
  const next = safeNext((await searchParams).next);
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (session) redirect(next);
  return (
    <AuthCard title={title} subtitle={subtitle}>
      <Form providers={enabledProviders()} next={next} />
    </AuthCard>
  );
}
