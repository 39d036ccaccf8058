"use client";
import { Button, PasswordInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { api } from "@/components/ui/api";
import { notifyError } from "@/components/ui/notify";
import { authClient } from "@/lib/auth/client";
import { AuthFormFrame } from "./auth-form-frame";
import type { Providers } from "./providers";
import { useAuthSubmit } from "./use-auth-submit";

export function SignupForm({ providers, next }: { providers: Providers; next: string }) {
  const auth = useAuthSubmit(next);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { name: "", email: "", password: "", workspace: "" },
    validate: {
      name: (v) => (v.trim() ? null : "Enter your name"),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : "Enter a valid email address"),
      password: (v) => (v.length >= 8 ? null : "Use at least 8 characters"),
      workspace: (v) => (v.trim().length <= 80 ? null : "At most 80 characters"),
    },
  });

  const submit = form.onSubmit(({ name, email, password, workspace }) =>
    auth.submit(async () => {
      const { error } = await authClient.signUp.email({ name: name.trim(), email: email.trim(), password });
      if (error) return error;
      // Every account starts with a workspace of its own, created just after the sign-up session:
      // make it the session's active workspace, then give it the name asked for, if any.
      const first = (await authClient.organization.list()).data?.[0];
      if (first) await authClient.organization.setActive({ organizationId: first.id });
      if (workspace.trim()) {
        await api("/api/v1/workspace", { method: "PATCH", body: { name: workspace.trim() } }).catch(
          (e: unknown) => notifyError(e, "Your account is ready, but the workspace was not renamed"),
        );
      }
    }),
  );

  return (
    <AuthFormFrame
      providers={providers}
      next={next}
      error={auth.error}
      onSubmit={submit}
      other={{ question: "Already have an account?", label: "Log in", path: "/login" }}
    >
      <TextInput
        label="Name"
        autoComplete="name"
        autoFocus
        required
        key={form.key("name")}
        {...form.getInputProps("name")}
      />
      <TextInput
        label="Work email"
        type="email"
        autoComplete="email"
        required
        key={form.key("email")}
        {...form.getInputProps("email")}
      />
      <PasswordInput
        label="Password"
        description="At least 8 characters"
        autoComplete="new-password"
        required
        key={form.key("password")}
        {...form.getInputProps("password")}
      />
      <TextInput
        label="Workspace name"
        description="Optional: your company or team. You can change it later."
        placeholder="Acme Outbound"
        key={form.key("workspace")}
        {...form.getInputProps("workspace")}
      />
      <Button type="submit" fullWidth mt="xs" loading={auth.submitting}>
        Create account
      </Button>
    </AuthFormFrame>
  );
}
