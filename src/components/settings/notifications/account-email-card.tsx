"use client";
import { Badge, Button, Group, Paper, Text, Title } from "@mantine/core";
import { useState } from "react";
import { notifyError, notifySuccess } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";

export type AccountEmail = { email: string; verified: boolean; canVerify: boolean };

/** The person's address, whether it is verified, and a new link when it is not. */
export function AccountEmailCard({ account }: { account: AccountEmail }) {
  const [sending, setSending] = useState(false);
  const resend = async () => {
    setSending(true);
    const { error } = await authClient.sendVerificationEmail({
      email: account.email,
      callbackURL: "/campaigns",
    });
    setSending(false);
    if (error) notifyError(error.message ?? "could not send the link");
    else notifySuccess(`A new link is on its way to ${account.email}`);
  };
  return (
    <Paper withBorder p="lg" radius="lg">
      <Title order={3} fz="lg" mb="md">
        Your email
      </Title>
      <Group justify="space-between">
        <Group gap="sm">
          <Text fw={500} data-testid="account-email">
            {account.email}
          </Text>
          {account.verified ? (
            <Badge color="teal" variant="light" data-testid="email-verified">
              Verified
            </Badge>
          ) : (
            <Badge color="gray" variant="light" data-testid="email-unverified">
              Not verified
            </Badge>
          )}
        </Group>
        {!account.verified && account.canVerify && (
          <Button variant="default" size="xs" onClick={resend} loading={sending}>
            Send a new link
          </Button>
        )}
      </Group>
      {!account.verified && !account.canVerify && (
        <Text size="xs" c="dimmed" mt="xs">
          This server cannot send email yet, so the address cannot be verified: nothing needs it.
        </Text>
      )}
    </Paper>
  );
}
