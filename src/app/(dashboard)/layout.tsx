import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardShell } from "@/components/shell/dashboard-shell";
import { resolveUserMailer } from "@/lib/app-mail/resolve-mailer";
import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) redirect("/login");
  const activeWorkspaceId =
    (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  // the banner asks for verification only when a link can reach the person
  const unverified =
    !session.user.emailVerified && (await resolveUserMailer(getDb(), session.user.id)).mailer.kind !== "none";
  return (
    <DashboardShell
      user={{ name: session.user.name, email: session.user.email }}
      activeWorkspaceId={activeWorkspaceId}
      unverifiedEmail={unverified ? session.user.email : null}
    >
      {children}
    </DashboardShell>
  );
}
