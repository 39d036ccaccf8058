"use client";
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "./auth-error";
import { OAuthButtons } from "./oauth-buttons";
import type { Providers } from "./providers";

export function LoginForm({ providers, next }: { providers: Providers; next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter your email address"),
      password: (v) => (v ? null : "Enter your password"),
    },
  });

  const submit = form.onSubmit(async ({ email, password }) => {
    setSubmitting(true);
    setError(null);
    const { error: err } = await authClient.signIn.email({ email: email.trim(), password });
    if (err) {
      setError(authErrorMessage(err));
      setSubmitting(false);
      return;
    }
    router.replace(next);
    router.refresh();
  });

  const signupHref = next === "/campaigns" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <Stack gap="md">
      <OAuthButtons providers={providers} next={next} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              role="alert"
              data-testid="auth-error"
            >
              {error}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            autoFocus
            required
            key={form.key("email")}
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            key={form.key("password")}
            {...form.getInputProps("password")}
          />
          <Button type="submit" fullWidth mt="xs" loading={submitting}>
            Log in
          </Button>
        </Stack>
      </form>
      <Text size="sm" c="dimmed" ta="center">
        New to Coldframe?{" "}
        <Anchor component={Link} href={signupHref} size="sm">
          Create an account
        </Anchor>
      </Text>
    </Stack>
  );
}
