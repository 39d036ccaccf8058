"use client";
import { Alert, Button, Modal, Paper, Skeleton, Stack, Tooltip } from "@mantine/core";
import { IconMailbox, IconPlus } from "@tabler/icons-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { ConfirmModal } from "@/components/ui/confirm-modal";
import { FeatureEmptyState } from "@/components/ui/feature-empty-state";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { PageHeader } from "@/components/ui/page-header";
import { useApi } from "@/components/ui/use-api";
import { ADMIN_ONLY_HINT, useIsAdmin } from "@/components/ui/use-is-admin";
import { ConnectMailboxModal } from "./connect-mailbox-modal";
import { ConnectionResult } from "./connection-result";
import { EditMailboxModal } from "./edit-mailbox-modal";
import { MailboxesTable } from "./mailboxes-table";
import type { Mailbox, TestResult } from "./types";

type Props = {
  oauth: { google: boolean; microsoft: boolean };
  /** set by the OAuth callback's redirect */
  connected?: string;
  oauthError?: string;
};

export function MailboxesPage({ oauth, connected, oauthError }: Props) {
  const router = useRouter();
  const list = useApi<{ data: Mailbox[] }>("/api/v1/mailboxes");
  const admin = useIsAdmin();
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<Mailbox | null>(null);
  const [deleting, setDeleting] = useState<Mailbox | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [tested, setTested] = useState<{ email: string; result: TestResult } | null>(null);

  useEffect(() => {
    if (connected) {
      notifySuccess(`${connected} is connected`);
      router.replace("/mailboxes");
    }
  }, [connected, router]);

  const act = async (m: Mailbox, action: "pause" | "resume") => {
    try {
      await api(`/api/v1/mailboxes/${m.id}/${action}`, { method: "POST" });
      notifySuccess(
        action === "pause" ? `${m.email} paused: it sends nothing until resumed` : `${m.email} sends again`,
      );
      await list.reload();
    } catch (err) {
      notifyError(err, `Could not ${action} the mailbox`);
    }
  };

  const test = async (m: Mailbox) => {
    setTesting(m.id);
    try {
      const { result } = await api<{ result: TestResult; mailbox: Mailbox }>(
        `/api/v1/mailboxes/${m.id}/test`,
        {
          method: "POST",
        },
      );
      setTested({ email: m.email, result });
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not test the mailbox");
    } finally {
      setTesting(null);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    try {
      await api(`/api/v1/mailboxes/${deleting.id}`, { method: "DELETE" });
      notifySuccess(`${deleting.email} disconnected`);
      setDeleting(null);
      await list.reload();
    } catch (err) {
      notifyError(err, "Could not disconnect the mailbox");
    }
  };

  const mailboxes = list.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Mailboxes"
        description="The sending accounts your campaigns rotate through, each with its own daily limit."
        actions={
          <Tooltip label={ADMIN_ONLY_HINT} disabled={admin}>
            <Button
              leftSection={<IconPlus size={16} />}
              disabled={!admin}
              onClick={() => setConnecting(true)}
            >
              Connect mailbox
            </Button>
          </Tooltip>
        }
      />
      <Stack gap="lg">
        {oauthError && (
          <Alert
            color="red"
            title="The mailbox was not connected"
            withCloseButton
            onClose={() => router.replace("/mailboxes")}
          >
            {oauthError}
          </Alert>
        )}
        {list.error && (
          <Alert color="red" title="Could not load the mailboxes">
            {list.error}
          </Alert>
        )}
        {!list.data && !list.error && <Skeleton h={160} radius="lg" />}
        {list.data && mailboxes.length === 0 && (
          <FeatureEmptyState
            icon={<IconMailbox size={28} stroke={1.5} />}
            title="No mailboxes connected"
            description="Connect Google Workspace, Microsoft 365 or any SMTP/IMAP account to send campaigns and receive replies."
            hint="Use several mailboxes on separate domains to send more while staying under each one's limits."
          />
        )}
        {mailboxes.length > 0 && (
          <Paper withBorder radius="lg" p="xs">
            <MailboxesTable
              mailboxes={mailboxes}
              testing={testing}
              onTest={test}
              onEdit={setEditing}
              onPause={(m) => act(m, "pause")}
              onResume={(m) => act(m, "resume")}
              onDelete={setDeleting}
              admin={admin}
            />
          </Paper>
        )}
      </Stack>
      <ConnectMailboxModal
        opened={connecting}
        oauth={oauth}
        onClose={() => setConnecting(false)}
        onConnected={(m) => {
          setConnecting(false);
          notifySuccess(`${m.email} is connected`);
          void list.reload();
        }}
      />
      <EditMailboxModal
        mailbox={editing}
        onClose={() => setEditing(null)}
        onSaved={(m) => {
          setEditing(null);
          notifySuccess(`${m.email} saved`);
          void list.reload();
        }}
      />
      <Modal
        opened={tested !== null}
        onClose={() => setTested(null)}
        title={`Connection test: ${tested?.email ?? ""}`}
        centered
      >
        {tested && <ConnectionResult result={tested.result} />}
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        title="Disconnect mailbox"
        message={`Disconnect ${deleting?.email ?? ""}? Its campaigns stop sending from it and its stored password or tokens are deleted. Emails it already sent keep their history.`}
        confirmLabel="Disconnect"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
