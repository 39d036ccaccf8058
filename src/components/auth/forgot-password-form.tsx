"use client";
import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import Link from "next/link";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";

/**
 * Ask for a reset link. The answer is the same whether or not the address has an account (no
 * probing for accounts); without a system mailer nothing can be sent, and the page says so.
 */
export function ForgotPasswordForm({ mailer }: { mailer: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "" },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter your email address") },
  });
  if (!mailer)
    return (
      <Stack>
        <Alert color="yellow" title="This server cannot send email yet" data-testid="no-system-mailer">
          Password reset links go by email, and this Coldframe server has no mail server configured for its
          own mail. Ask its administrator to set <code>SYSTEM_SMTP_URL</code> (see the README,
          "Configuration").
        </Alert>
        <Anchor component={Link} href="/login" size="sm">
          Back to log in
        </Anchor>
      </Stack>
    );
  const submit = form.onSubmit(async ({ email }) => {
    setBusy(true);
    setError(null);
    const res = await authClient.requestPasswordReset({ email: email.trim(), redirectTo: "/reset-password" });
    setBusy(false);
    if (res.error) setError(res.error.message ?? "Could not send the link: try again");
    else setSentTo(email.trim());
  });
  if (sentTo)
    return (
      <Stack>
        <Alert color="teal" title="Check your inbox" data-testid="reset-sent">
          If {sentTo} has a Coldframe account, a link to choose a new password is on its way. It works for an
          hour.
        </Alert>
        <Anchor component={Link} href="/login" size="sm">
          Back to log in
        </Anchor>
      </Stack>
    );
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          autoFocus
          required
          key={form.key("email")}
          {...form.getInputProps("email")}
        />
        <Button type="submit" loading={busy} fullWidth>
          Email me a link
        </Button>
        <Text size="sm" ta="center">
          <Anchor component={Link} href="/login">
            Back to log in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
