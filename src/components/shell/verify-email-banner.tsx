"use client";
import { Anchor, Group, Paper, Text } from "@mantine/core";
import { IconMailCheck } from "@tabler/icons-react";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";

/** A quiet reminder until the address is verified, with a new link on request. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");
  const resend = async () => {
    setState("sending");
    const { error } = await authClient.sendVerificationEmail({ email, callbackURL: "/campaigns" });
    setState(error ? "failed" : "sent");
  };
  return (
    <Paper withBorder radius="md" px="md" py="xs" mb="lg" bg="gray.0" data-testid="verify-email-banner">
      <Group gap="xs" wrap="nowrap">
        <IconMailCheck size={18} stroke={1.6} color="var(--mantine-color-dimmed)" />
        <Text size="sm" c="dimmed">
          Verify your email — we sent a link to <b>{email}</b>
          {" · "}
          {state === "sent" ? (
            "a new link is on its way"
          ) : state === "failed" ? (
            "could not send a new link, try again later"
          ) : (
            <Anchor component="button" size="sm" onClick={resend} disabled={state === "sending"}>
              Resend
            </Anchor>
          )}
        </Text>
      </Group>
    </Paper>
  );
}
