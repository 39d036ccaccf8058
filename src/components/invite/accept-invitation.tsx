"use client";
import { Alert, Button, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { unwrap } from "@/components/ui/notify";
import { RoleBadge } from "@/components/ui/role-badge";
import { authClient } from "@/lib/auth/client";

type Invitation = { organizationId: string; organizationName: string; inviterEmail: string; role: string };

export function AcceptInvitation({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"accept" | "decline" | "logout" | null>(null);

  useEffect(() => {
    authClient.organization
      .getInvitation({ query: { id: invitationId } })
      .then((res) => setInvitation(unwrap(res)))
      .catch((err: Error) => setError(err.message));
  }, [invitationId]);

  const run = async (what: "accept" | "decline" | "logout", fn: () => Promise<string>) => {
    setBusy(what);
    try {
      const to = await fn();
      router.replace(to);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(null);
    }
  };
  const accept = () =>
    run("accept", async () => {
      unwrap(await authClient.organization.acceptInvitation({ invitationId }));
      if (invitation)
        unwrap(await authClient.organization.setActive({ organizationId: invitation.organizationId }));
      return "/campaigns";
    });
  const decline = () =>
    run("decline", async () => {
      unwrap(await authClient.organization.rejectInvitation({ invitationId }));
      return "/campaigns";
    });
  const switchAccount = () =>
    run("logout", async () => {
      unwrap(await authClient.signOut());
      return `/login?next=${encodeURIComponent(`/invite/${invitationId}`)}`;
    });

  if (error) {
    return (
      <Stack>
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle size={18} />}
          title="This invitation cannot be used"
        >
          {error}. It may have expired, been cancelled, or been sent to another email address.
        </Alert>
        <Group justify="space-between">
          <Button variant="default" onClick={switchAccount} loading={busy === "logout"}>
            Use another account
          </Button>
          <Button onClick={() => router.replace("/campaigns")}>Go to my workspace</Button>
        </Group>
      </Stack>
    );
  }
  if (!invitation) return <Skeleton h={120} />;
  return (
    <Stack>
      <Text size="sm">
        <b>{invitation.inviterEmail}</b> invited you to join <b>{invitation.organizationName}</b> as{" "}
        <RoleBadge role={invitation.role} />
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={decline} loading={busy === "decline"} disabled={busy !== null}>
          Decline
        </Button>
        <Button onClick={accept} loading={busy === "accept"} disabled={busy !== null}>
          Accept and join
        </Button>
      </Group>
    </Stack>
  );
}
