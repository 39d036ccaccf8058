"use client";
import { Button, Group, Modal, Text } from "@mantine/core";
import { useRef, useState } from "react";

type Props = {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
};

/** Asks before something that cannot be undone; stays open (and busy) until the action settles. */
export function ConfirmModal({ opened, title, message, confirmLabel, onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  // Keep the last words while the modal fades out, when callers have already cleared their subject.
  const shown = useRef({ title, message });
  if (opened) shown.current = { title, message };
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={shown.current.title} centered>
      <Text size="sm">{shown.current.message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="red" onClick={confirm} loading={busy}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
