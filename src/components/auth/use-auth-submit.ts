"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type AuthClientError, authErrorMessage } from "./auth-error";

/**
 * Submitting a log-in or sign-up form: `attempt` resolves to Better Auth's error (the form shows
 * it in words a person can act on and can be sent again) or to nothing, and then the visitor goes
 * on to `next`.
 */
export function useAuthSubmit(next: string) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (attempt: () => Promise<AuthClientError | null | undefined>) => {
    setSubmitting(true);
    setError(null);
    const failed = await attempt();
    if (failed) {
      setError(authErrorMessage(failed));
      setSubmitting(false);
      return;
    }
    router.replace(next);
    router.refresh();
  };
  return { error, submitting, submit };
}
