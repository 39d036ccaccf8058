"use client";
import { Alert, Button, Group, Paper, Select, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { api } from "@/components/ui/api";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import type { WorkspaceMailerView } from "@/lib/app-mail/api-schemas";

type MailboxOption = { id: string; email: string; status: string };
const SERVER = "server";

/** What the workspace's own email goes through; owners and admins choose a mailbox. */
export function WorkspaceMailerCard({
  mailer,
  mailboxes,
  editable,
  onChanged,
}: {
  mailer: WorkspaceMailerView;
  mailboxes: MailboxOption[];
  editable: boolean;
  onChanged: () => Promise<void>;
}) {
  const [choice, setChoice] = useState(mailer.mailboxId ?? SERVER);
  const [saving, setSaving] = useState(false);
  useEffect(() => setChoice(mailer.mailboxId ?? SERVER), [mailer.mailboxId]);

  const save = async () => {
    setSaving(true);
    try {
      await api("/api/v1/workspace/mailer", {
        method: "PUT",
        body: { mailboxId: choice === SERVER ? null : choice },
      });
      notifySuccess("Saved: the workspace's email goes out this way from now on");
      await onChanged();
    } catch (err) {
      notifyError(err, "Could not choose the mailer");
    } finally {
      setSaving(false);
    }
  };

  const serverLabel = mailer.systemMailer
    ? "The server's mailer (SYSTEM_SMTP_URL)"
    : "None (this server has no mailer)";
  return (
    <Paper withBorder p="lg" radius="lg">
      <Title order={3} fz="lg" mb={4}>
        Workspace email sender
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Invitations and notifications of this workspace go out through this. A mailbox sends from its own
        address.
      </Text>
      {mailer.sendsWith === "none" && (
        <Alert color="yellow" mb="md" title="No email goes out" data-testid="no-mailer">
          This server has no mailer of its own (no <code>SYSTEM_SMTP_URL</code>) and no mailbox is chosen:
          notifications are not sent, and invitations show a link to copy. Choose one of your mailboxes to
          send them.
        </Alert>
      )}
      {mailer.notice && (
        <Alert color="orange" mb="md" title="The chosen mailbox is passed over">
          {mailer.notice}
        </Alert>
      )}
      <Group align="flex-end">
        <Select
          label="Send with"
          flex={1}
          disabled={!editable}
          value={choice}
          onChange={(v) => setChoice(v ?? SERVER)}
          allowDeselect={false}
          data={[
            { value: SERVER, label: serverLabel },
            ...mailboxes.map((m) => ({
              value: m.id,
              label: m.status === "error" ? `${m.email} (error)` : m.email,
            })),
          ]}
          data-testid="mailer-select"
        />
        {editable && (
          <Button onClick={save} loading={saving} disabled={choice === (mailer.mailboxId ?? SERVER)}>
            Save
          </Button>
        )}
      </Group>
      {!editable && (
        <Text size="xs" c="dimmed" mt="xs">
          Only owners and admins can choose the sender.
        </Text>
      )}
    </Paper>
  );
}
