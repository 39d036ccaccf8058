"use client";
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { CopyField } from "@/components/ui/copy-field";

/** Shows a new key's secret, the one time the server ever sends it. */
export function CreatedKeyModal({
  created,
  onClose,
}: {
  created: { name: string; key: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title="Your new API key"
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now">
            This is the only time the key “{created.name}” is shown. Store it somewhere safe: you will not see
            it again. If you lose it, revoke it and create a new one.
          </Alert>
          <CopyField value={created.key} label="Copy key" testId="created-api-key" />
          <Text size="sm" c="dimmed">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code> with every request to{" "}
            <code>/api/v1</code>.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
