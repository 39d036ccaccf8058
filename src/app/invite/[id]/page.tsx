import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation } from "@/components/invite/accept-invitation";
import { CenteredPage } from "@/components/shell/centered-page";
import { getAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) redirect(`/login?next=${encodeURIComponent(`/invite/${id}`)}`);
  return (
    <CenteredPage>
      <AuthCard title="Join a workspace" subtitle={`You are logged in as ${session.user.email}.`}>
        <AcceptInvitation invitationId={id} />
      </AuthCard>
    </CenteredPage>
  );
}
