"use client";
import { Alert, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { CopyField } from "@/components/ui/copy-field";
import { notifyError, unwrap } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";
import { assignableRoles, inviteLink, type Role, roleOptions } from "./types";

export function InviteForm({
  myRole,
  onInvited,
  systemMail,
}: {
  myRole: Role;
  onInvited: () => void;
  systemMail: boolean;
}) {
  const [saving, setSaving] = useState(false);
  const [sent, setSent] = useState<{ email: string; link: string } | null>(null);
  const form = useForm({
    initialValues: { email: "", role: "member" as Role },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter an email address") },
  });
  const submit = form.onSubmit(async ({ email, role }) => {
    setSaving(true);
    try {
      const invitation = unwrap(await authClient.organization.inviteMember({ email: email.trim(), role }));
      setSent({ email: email.trim(), link: inviteLink(invitation.id) });
      form.reset();
      onInvited();
    } catch (err) {
      notifyError(err, "Could not invite");
    } finally {
      setSaving(false);
    }
  });
  return (
    <Stack gap="sm">
      <form onSubmit={submit}>
        <Group align="flex-start">
          <TextInput
            placeholder="colleague@company.com"
            aria-label="Email to invite"
            type="email"
            flex={1}
            maw={340}
            {...form.getInputProps("email")}
          />
          <Select
            aria-label="Role"
            w={130}
            allowDeselect={false}
            {...form.getInputProps("role")}
            data={roleOptions(assignableRoles(myRole))}
          />
          <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={saving}>
            Invite
          </Button>
        </Group>
      </form>
      {sent && (
        <Alert
          color="indigo"
          variant="light"
          title={`Invitation created for ${sent.email}`}
          withCloseButton
          onClose={() => setSent(null)}
        >
          <Text size="sm" mb="xs" data-testid="invite-delivery">
            {systemMail
              ? `Emailed to ${sent.email}. The link works for 7 days once they log in or sign up with that address; you can also send it yourself:`
              : `This workspace sends no email (no mailbox chosen in Settings → Notifications, no SYSTEM_SMTP_URL): send this link to ${sent.email} yourself. It works for 7 days once they log in or sign up with that address.`}
          </Text>
          <CopyField value={sent.link} label="Copy invitation link" testId="invite-link" />
        </Alert>
      )}
    </Stack>
  );
}
