"use client";
import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import Link from "next/link";
import type { FormEvent, ReactNode } from "react";
import { OAuthButtons } from "./oauth-buttons";
import type { Providers } from "./providers";

type Props = {
  providers: Providers;
  /** where to go once signed in; carried over to the other form's link */
  next: string;
  error: string | null;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  /** the link to the other form: "Already have an account?" → Log in at /login */
  other: { question: string; label: string; path: string };
  children: ReactNode;
};

/** What the log-in and sign-up forms share: OAuth buttons, the error, the link to the other form. */
export function AuthFormFrame({ providers, next, error, onSubmit, other, children }: Props) {
  // the default destination stays out of the URL
  const href = next === "/campaigns" ? other.path : `${other.path}?next=${encodeURIComponent(next)}`;
  return (
    <Stack gap="md">
      <OAuthButtons providers={providers} next={next} />
      <form onSubmit={onSubmit} noValidate>
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
          {children}
        </Stack>
      </form>
      <Text size="sm" c="dimmed" ta="center">
        {other.question}{" "}
        <Anchor component={Link} href={href} size="sm">
          {other.label}
        </Anchor>
      </Text>
    </Stack>
  );
}
