"use client";
import { Anchor, Button, Group, PasswordInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import Link from "next/link";
import { authClient } from "@/lib/auth/client";
import { AuthFormFrame } from "./auth-form-frame";
import type { Providers } from "./providers";
import { useAuthSubmit } from "./use-auth-submit";

export function LoginForm({ providers, next }: { providers: Providers; next: string }) {
  const auth = useAuthSubmit(next);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter your email address"),
      password: (v) => (v ? null : "Enter your password"),
    },
  });

  const submit = form.onSubmit(({ email, password }) =>
    auth.submit(async () => (await authClient.signIn.email({ email: email.trim(), password })).error),
  );

  return (
    <AuthFormFrame
      providers={providers}
      next={next}
      error={auth.error}
      onSubmit={submit}
      other={{ question: "New to Coldframe?", label: "Create an account", path: "/signup" }}
    >
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
      <Group justify="flex-end" mt={-6}>
        <Anchor component={Link} href="/forgot-password" size="xs">
          Forgot password?
        </Anchor>
      </Group>
      <Button type="submit" fullWidth mt="xs" loading={auth.submitting}>
        Log in
      </Button>
    </AuthFormFrame>
  );
}
