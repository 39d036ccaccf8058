"use client";
import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import Link from "next/link";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";

/** The new password, for the token the emailed link carried (one use, an hour). */
export function ResetPasswordForm({ token, invalid }: { token: string | null; invalid: boolean }) {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { password: "", confirm: "" },
    validate: {
      password: (v) => (v.length >= 8 ? null : "At least 8 characters"),
      confirm: (v, values) => (v === values.password ? null : "The two passwords differ"),
    },
  });
  if (invalid || !token)
    return (
      <Stack>
        <Alert color="red" title="This link does not work" data-testid="reset-invalid">
          It was used already, has expired (links work for an hour), or was copied incompletely. Ask for a new
          one.
        </Alert>
        <Anchor component={Link} href="/forgot-password" size="sm">
          Email me a new link
        </Anchor>
      </Stack>
    );
  if (done)
    return (
      <Stack>
        <Alert color="teal" title="Password changed" data-testid="reset-done">
          Your other sessions were signed out. Log in with the new password.
        </Alert>
        <Button component={Link} href="/login">
          Log in
        </Button>
      </Stack>
    );
  const submit = form.onSubmit(async ({ password }) => {
    setBusy(true);
    setError(null);
    const res = await authClient.resetPassword({ newPassword: password, token });
    setBusy(false);
    if (res.error)
      setError(
        res.error.code === "INVALID_TOKEN"
          ? "This link has expired or was used already: ask for a new one"
          : (res.error.message ?? "Could not change the password"),
      );
    else setDone(true);
  });
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          autoFocus
          required
          key={form.key("password")}
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="The same again"
          autoComplete="new-password"
          required
          key={form.key("confirm")}
          {...form.getInputProps("confirm")}
        />
        <Button type="submit" loading={busy} fullWidth>
          Change password
        </Button>
      </Stack>
    </form>
  );
}
