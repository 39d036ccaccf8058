"use client";
import { Alert, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { canManage, type Me } from "@/components/ui/me";
import { notifyError, notifySuccess, unwrap } from "@/components/ui/notify";
import { useApi } from "@/components/ui/use-api";
import type { WorkspaceMailerView } from "@/lib/app-mail/api-schemas";
import { authClient } from "@/lib/auth/client";
import { InvitationsTable } from "./invitations-table";
import { InviteForm } from "./invite-form";
import { MembersTable } from "./members-table";
import type { Invitation, Member, Role } from "./types";

/**
 * Invitations are emailed when the workspace has a mailer (its chosen mailbox, else the server's
 * SYSTEM_SMTP_URL: `systemMail`, until the workspace's answer arrives); either way the inviter
 * gets the link.
 */
export function MembersSettings({ systemMail }: { systemMail: boolean }) {
  const me = useApi<Me>("/api/v1/me");
  const mailer = useApi<WorkspaceMailerView>("/api/v1/workspace/mailer");
  const emailed = mailer.data ? mailer.data.sendsWith !== "none" : systemMail;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);

  const load = useCallback(async () => {
    try {
      const org = unwrap(await authClient.organization.getFullOrganization());
      setMembers(org?.members ?? []);
      setInvitations((org?.invitations ?? []).filter((i) => i.status === "pending"));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (
    what: string,
    fn: () => Promise<{ data: unknown; error: { message?: string } | null }>,
  ) => {
    try {
      unwrap(await fn());
      notifySuccess(what);
      await load();
    } catch (err) {
      notifyError(err);
    }
  };
  const changeRole = (m: Member, role: Role) =>
    act(`${m.user.email} is now ${role}`, () =>
      authClient.organization.updateMemberRole({ memberId: m.id, role }),
    );
  const remove = async () => {
    const m = removing;
    if (!m) return;
    await act(`${m.user.email} removed`, () =>
      authClient.organization.removeMember({ memberIdOrEmail: m.id }),
    );
    setRemoving(null);
  };
  const cancel = (inv: Invitation) =>
    act(`Invitation to ${inv.email} cancelled`, () =>
      authClient.organization.cancelInvitation({ invitationId: inv.id }),
    );

  if (error || me.error)
    return (
      <Alert color="red" title="Could not load members">
        {error ?? me.error}
      </Alert>
    );
  if (!members || !me.data?.user) return <Skeleton h={240} radius="lg" />;
  const myRole = me.data.role;
  const manager = canManage(myRole);

  return (
    <Stack gap="lg" maw={960}>
      {manager && (
        <Paper withBorder p="lg" radius="lg">
          <Title order={3} fz="lg" mb={4}>
            Invite people
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            Admins manage mailboxes, domains, members and API keys; members run campaigns and work the inbox.
          </Text>
          <InviteForm myRole={myRole} onInvited={load} systemMail={emailed} />
        </Paper>
      )}
      <Paper withBorder p="lg" radius="lg">
        <Title order={3} fz="lg" mb="sm">
          Members ({members.length})
        </Title>
        <MembersTable
          members={members}
          myUserId={me.data.user.id}
          myRole={myRole}
          onChangeRole={changeRole}
          onRemove={setRemoving}
        />
      </Paper>
      {invitations.length > 0 && (
        <Paper withBorder p="lg" radius="lg">
          <Title order={3} fz="lg" mb="sm">
            Pending invitations ({invitations.length})
          </Title>
          <InvitationsTable invitations={invitations} canManage={manager} onCancel={cancel} />
        </Paper>
      )}
      <ConfirmModal
        opened={removing !== null}
        title="Remove member"
        confirmLabel="Remove"
        message={`Remove ${removing?.user.email ?? ""} from this workspace? They lose access at once.`}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
