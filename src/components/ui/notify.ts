"use client";
import { notifications } from "@mantine/notifications";

export function notifySuccess(message: string) {
  notifications.show({ color: "teal", title: "Done", message });
}

export function notifyError(err: unknown, title = "Something went wrong") {
  const message = err instanceof Error ? err.message : typeof err === "string" ? err : "unexpected error";
  notifications.show({ color: "red", title, message });
}

/** Better Auth client calls answer `{ data, error }` instead of throwing: turn an error into a throw. */
export function unwrap<T>(res: {
  data: T | null;
  error: { message?: string; statusText?: string } | null;
}): T {
  if (res.error) throw new Error(res.error.message || res.error.statusText || "request failed");
  return res.data as T;
}
