"use client";
import { Button, PasswordInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "./auth-error";
import { AuthFormFrame } from "./auth-form-frame";
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

  return (
    <AuthFormFrame
      providers={providers}
      next={next}
      error={error}
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
      <Button type="submit" fullWidth mt="xs" loading={submitting}>
        Log in
      </Button>
    </AuthFormFrame>
  );
}
