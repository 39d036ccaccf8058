"use client";
import { useState } from "react";
import { notifyError } from "./notify";

/**
 * An action on one row of a list (test it, turn it off): `busy` is that row's id while it runs, so
 * its button shows it; a failure is notified as `failed` with the server's reason.
 */
export function useRowAction<T extends { id: string }, A extends unknown[]>(
  action: (row: T, ...args: A) => Promise<void>,
  failed: string,
) {
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (row: T, ...args: A) => {
    setBusy(row.id);
    try {
      await action(row, ...args);
    } catch (err) {
      notifyError(err, failed);
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
