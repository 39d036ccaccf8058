"use client";
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { CopyField } from "./copy-field";

type Props = {
  /** the secret to show; null keeps the modal closed */
  secret: string | null;
  title: string;
  /** what is lost with it, and what to do then */
  warning: ReactNode;
  copyLabel: string;
  /** the browser tests read the secret by it */
  testId: string;
  /** how to use the secret */
  usage: ReactNode;
  onClose: () => void;
};

/**
 * A new secret (an API key, a webhook signing secret) the one time the server ever sends it: copy it
 * now, with how to use it. Closing needs a deliberate click, never a click beside the modal.
 */
export function ShownOnceSecretModal({ secret, title, warning, copyLabel, testId, usage, onClose }: Props) {
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={title}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {secret !== null && (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now">
            {warning}
          </Alert>
          <CopyField value={secret} label={copyLabel} testId={testId} />
          <Text size="sm" c="dimmed">
            {usage}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
