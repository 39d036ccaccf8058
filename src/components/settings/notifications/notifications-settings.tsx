"use client";
import { Alert, Skeleton, Stack } from "@mantine/core";
import { canManage, type Me } from "@/components/ui/me";
import { useApi } from "@/components/ui/use-api";
import type { WorkspaceMailerView } from "@/lib/app-mail/api-schemas";
import type { NotificationPreferencesView } from "@/lib/notifications/api-schemas";
import { type AccountEmail, AccountEmailCard } from "./account-email-card";
import { NotificationSwitches } from "./notification-switches";
import { WorkspaceMailerCard } from "./workspace-mailer-card";

type MailboxList = { data: { id: string; email: string; status: string }[] };

export function NotificationsSettings({ account }: { account: AccountEmail }) {
  const me = useApi<Me>("/api/v1/me");
  const prefs = useApi<NotificationPreferencesView>("/api/v1/me/notifications");
  const mailer = useApi<WorkspaceMailerView>("/api/v1/workspace/mailer");
  const boxes = useApi<MailboxList>("/api/v1/mailboxes");

  const error = me.error ?? prefs.error ?? mailer.error;
  if (error)
    return (
      <Alert color="red" title="Could not load your notifications">
        {error}
      </Alert>
    );
  if (!me.data || !prefs.data || !mailer.data) return <Skeleton h={320} radius="lg" />;
  return (
    <Stack gap="lg" maw={720}>
      <AccountEmailCard account={account} />
      {mailer.data.sendsWith === "none" && (
        <Alert
          color="yellow"
          variant="light"
          title="These emails are not sent yet"
          data-testid="notifications-no-mailer"
        >
          Neither this server nor this workspace has a mailer. Your choices are kept and take effect once an
          owner or admin chooses a mailbox below (or the operator sets SYSTEM_SMTP_URL).
        </Alert>
      )}
      <NotificationSwitches initial={prefs.data} />
      <WorkspaceMailerCard
        mailer={mailer.data}
        mailboxes={boxes.data?.data ?? []}
        editable={canManage(me.data.role)}
        onChanged={mailer.reload}
      />
    </Stack>
  );
}
