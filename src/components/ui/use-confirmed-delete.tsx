"use client";
import { useState } from "react";
import { api } from "./api";
import { ConfirmModal } from "./confirm-modal";
import { notifyError, notifySuccess } from "./notify";

type Options<T> = {
  /** the API path that deletes it */
  path: (item: T) => string;
  title: string;
  /** the question, saying what goes with it */
  question: (item: T) => string;
  confirmLabel: string;
  /** said once it is gone */
  done: (item: T) => string;
  /** said when the server refused (with its message) */
  failed: string;
  /** refresh the list it was in */
  reload: () => Promise<unknown>;
};

/**
 * The way a row is deleted everywhere: `ask(item)` opens a confirmation; confirming DELETEs it, says
 * so and reloads the list, or says why not and stays open. Render `modal` once in the page.
 */
export function useConfirmedDelete<T>(o: Options<T>) {
  const [target, setTarget] = useState<T | null>(null);
  const confirm = async () => {
    if (target === null) return;
    try {
      await api(o.path(target), { method: "DELETE" });
      notifySuccess(o.done(target));
      setTarget(null);
      await o.reload();
    } catch (err) {
      notifyError(err, o.failed);
    }
  };
  const modal = (
    <ConfirmModal
      opened={target !== null}
      title={o.title}
      message={target === null ? "" : o.question(target)}
      confirmLabel={o.confirmLabel}
      onConfirm={confirm}
      onClose={() => setTarget(null)}
    />
  );
  return { ask: setTarget, modal };
}
