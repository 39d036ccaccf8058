import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardShell } from "@/components/shell/dashboard-shell";
import { getAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) redirect("/login");
  const activeWorkspaceId =
    (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  return (
    <DashboardShell
      user={{ name: session.user.name, email: session.user.email }}
      activeWorkspaceId={activeWorkspaceId}
    >
      {children}
    </DashboardShell>
  );
}
