"use client";
import { Button, Divider, Stack } from "@mantine/core";
import { IconBrandGoogle, IconBrandWindows, IconShieldLock } from "@tabler/icons-react";
import { useState } from "react";
import { notifyError } from "@/components/ui/notify";
import { authClient, signInWithOidc } from "@/lib/auth/client";
import { anyProvider, type Providers } from "./providers";

/** Log-in buttons for the single sign-on providers this server is configured with. */
export function OAuthButtons({ providers, next }: { providers: Providers; next: string }) {
  const [pending, setPending] = useState<string | null>(null);
  if (!anyProvider(providers)) return null;

  const start = async (id: string, go: () => Promise<{ message?: string } | null | undefined>) => {
    setPending(id);
    const error = await go().catch((err: unknown) => err as Error);
    if (error) {
      notifyError(error.message ?? "could not start single sign-on", "Sign-in failed");
      setPending(null);
    }
  };
  const social = (provider: "google" | "microsoft") => async () =>
    (await authClient.signIn.social({ provider, callbackURL: next })).error;

  return (
    <Stack gap="xs">
      {providers.google && (
        <Button
          variant="default"
          leftSection={<IconBrandGoogle size={18} />}
          loading={pending === "google"}
          onClick={() => start("google", social("google"))}
        >
          Continue with Google
        </Button>
      )}
      {providers.microsoft && (
        <Button
          variant="default"
          leftSection={<IconBrandWindows size={18} />}
          loading={pending === "microsoft"}
          onClick={() => start("microsoft", social("microsoft"))}
        >
          Continue with Microsoft
        </Button>
      )}
      {providers.oidc && (
        <Button
          variant="default"
          leftSection={<IconShieldLock size={18} />}
          loading={pending === "oidc"}
          onClick={() => start("oidc", () => signInWithOidc(next))}
        >
          Continue with {providers.oidc}
        </Button>
      )}
      <Divider label="or with email" labelPosition="center" my="xs" />
    </Stack>
  );
}
